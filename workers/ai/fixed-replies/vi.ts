import type { MessageTable } from "../messages";

export const vi: MessageTable = {
  lead_sales:
    "Cảm ơn bạn! Chúng tôi đã chuyển yêu cầu của bạn đến bộ phận bán hàng. Nhân viên của chúng tôi sẽ sớm phản hồi bạn tại đây.",
  lead_team:
    "Cảm ơn bạn! Chúng tôi đã chuyển yêu cầu của bạn đến đội ngũ của chúng tôi. Nhân viên sẽ sớm phản hồi bạn tại đây.",
  lead_draft:
    "Cảm ơn bạn! Chúng tôi đã chuẩn bị đơn hàng {order} gồm {quantity} × {product} và chuyển đến bộ phận bán hàng. Nhân viên sẽ liên hệ với bạn tại đây để hoàn tất đơn hàng.",
  offer_handover:
    "Tôi e rằng mình chưa thể hỗ trợ tốt vấn đề này. Bạn có muốn tôi kết nối bạn với nhân viên hỗ trợ của chúng tôi không?",
  handover:
    "Tôi đang kết nối bạn với nhân viên hỗ trợ của chúng tôi. Họ sẽ xem được nội dung cuộc trò chuyện này.",
  collect_contact:
    "Hiện đội ngũ của chúng tôi đang ngoài giờ làm việc. Vui lòng để lại địa chỉ email và mô tả ngắn gọn, chúng tôi sẽ phản hồi ngay khi làm việc trở lại.",
  no_answer:
    "Tôi chưa có câu trả lời đáng tin cậy cho câu hỏi này, nên tôi sẽ nhờ nhân viên hỗ trợ thay vì đoán.",
  order_status: "Thông tin đơn hàng {order}: {status}.",
  order_not_found:
    "Tôi không tìm thấy đơn hàng {order}. Bạn vui lòng kiểm tra lại mã đơn hàng giúp tôi nhé.",
  order_verify:
    "Để tra cứu đơn hàng {order}, tôi cần xác nhận đây là đơn hàng của bạn. Vui lòng nhắn cho chúng tôi từ địa chỉ email hoặc số điện thoại đã dùng để đặt hàng, hoặc đăng nhập vào tài khoản của bạn trên trang web của chúng tôi.",
  entry_language_notice: "Hiện chúng tôi chỉ có câu trả lời này bằng {language}:",
  action_proposed_cancel:
    "Tôi đã đề nghị đồng nghiệp phê duyệt việc hủy đơn hàng {order}. Bạn sẽ sớm nhận được phản hồi tại đây.",
  action_proposed_refund:
    "Tôi đã đề nghị đồng nghiệp phê duyệt khoản hoàn tiền {amount} cho đơn hàng {order}. Bạn sẽ sớm nhận được phản hồi tại đây.",
  action_done_cancel: "Đơn hàng {order} đã được hủy.",
  action_done_refund: "Khoản hoàn tiền {amount} cho đơn hàng {order} đã được thực hiện.",
  action_not_done: "Nhân viên của chúng tôi sẽ liên hệ với bạn tại đây về đơn hàng {order}.",
  action_proposed_address:
    "Tôi đã đề nghị đồng nghiệp phê duyệt việc thay đổi địa chỉ giao hàng của đơn hàng {order}. Bạn sẽ sớm nhận được phản hồi tại đây.",
  action_done_address: "Địa chỉ giao hàng của đơn hàng {order} đã được thay đổi.",
  otp_offer:
    "Để hỗ trợ đơn hàng {order}, tôi cần xác nhận đây là đơn hàng của bạn. Tôi có thể gửi mã gồm 6 chữ số đến email của đơn hàng ({mask}). Bạn hãy trả lời “có” và tôi sẽ gửi mã.",
  otp_sent:
    "Tôi đã gửi mã gồm 6 chữ số đến {mask}. Vui lòng nhập mã tại đây; mã có hiệu lực trong 10 phút.",
  otp_verified: "Cảm ơn bạn, mã chính xác: bạn đã được xác minh cho đơn hàng {order}.",
  otp_wrong: "Mã không đúng. Bạn còn {left} lần thử.",
  otp_expired: "Mã đã hết hạn. Bạn hãy trả lời “có” nếu muốn nhận mã mới qua email của đơn hàng.",
  otp_locked:
    "Mã không đúng và bạn đã thử quá nhiều lần. Nhân viên của chúng tôi sẽ hỗ trợ bạn tại đây.",
  otp_not_sent:
    "Tôi không thể gửi mã cho đơn hàng {order}. Nhân viên của chúng tôi sẽ hỗ trợ bạn tại đây.",
};
