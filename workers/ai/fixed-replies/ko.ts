import type { MessageTable } from "../messages";

export const ko: MessageTable = {
  lead_sales:
    "감사합니다! 요청하신 내용을 영업팀에 전달했습니다. 담당자가 곧 이곳에서 답변드리겠습니다.",
  lead_team:
    "감사합니다! 요청하신 내용을 저희 팀에 전달했습니다. 담당자가 곧 이곳에서 답변드리겠습니다.",
  lead_draft:
    "감사합니다! {quantity} × {product} 주문(주문 번호 {order})을 준비하여 영업팀에 전달했습니다. 담당자가 이곳에서 연락드려 주문을 마무리하겠습니다.",
  offer_handover: "이 문의는 제가 정확히 도와드리기 어려울 것 같습니다. 상담원을 연결해 드릴까요?",
  handover:
    "지금 상담원을 연결해 드리겠습니다. 상담원이 지금까지의 대화 내용을 확인할 수 있습니다.",
  collect_contact:
    "지금은 상담 시간이 아닙니다. 이메일 주소와 간단한 문의 내용을 남겨 주시면 상담 시간에 최대한 빨리 답변드리겠습니다.",
  no_answer:
    "이 질문에는 확실한 답변을 드리기 어려워, 추측하기보다는 담당자가 도와드리도록 하겠습니다.",
  order_status: "주문 {order}의 조회 결과입니다: {status}.",
  order_not_found:
    "주문 번호 {order}에 해당하는 주문을 찾을 수 없습니다. 번호를 다시 확인해 주시겠어요?",
  order_verify:
    "주문 {order}의 내역을 확인하려면 먼저 고객님의 주문인지 확인해야 합니다. 주문 시 사용하신 이메일 주소나 전화번호로 문의해 주시거나, 저희 사이트에서 계정에 로그인해 주세요.",
  entry_language_notice: "이 답변은 현재 {language}로만 제공됩니다:",
  action_proposed_cancel:
    "주문 {order}의 취소 승인을 담당자에게 요청했습니다. 곧 이곳에서 안내해 드리겠습니다.",
  action_proposed_refund:
    "주문 {order}의 {amount} 환불 승인을 담당자에게 요청했습니다. 곧 이곳에서 안내해 드리겠습니다.",
  action_done_cancel: "주문 {order}의 취소가 완료되었습니다.",
  action_done_refund: "주문 {order}에 대해 {amount} 환불이 처리되었습니다.",
  action_not_done: "주문 {order}에 대해 담당자가 이곳에서 다시 안내해 드리겠습니다.",
  action_proposed_address:
    "주문 {order}의 배송지 변경 승인을 담당자에게 요청했습니다. 곧 이곳에서 안내해 드리겠습니다.",
  action_done_address: "주문 {order}의 배송지가 변경되었습니다.",
  otp_offer:
    "주문 {order} 관련 도움을 드리려면 고객님의 주문인지 확인이 필요합니다. 주문에 등록된 이메일 주소({mask})로 6자리 인증 코드를 보내 드릴 수 있습니다. “네”라고 답해 주시면 보내 드리겠습니다.",
  otp_sent:
    "{mask} 주소로 6자리 코드를 보내 드렸습니다. 여기에 입력해 주세요. 코드는 10분간 유효합니다.",
  otp_verified: "감사합니다. 코드가 확인되어 주문 {order}에 대한 본인 확인이 완료되었습니다.",
  otp_wrong: "코드가 올바르지 않습니다. {left}번 더 시도하실 수 있습니다.",
  otp_expired:
    "코드가 만료되었습니다. 주문에 등록된 이메일 주소로 새 코드를 받으시려면 “네”라고 답해 주세요.",
  otp_locked:
    "코드가 올바르지 않으며 시도 횟수를 초과했습니다. 담당자가 이곳에서 도와드리겠습니다.",
  otp_not_sent:
    "주문 {order}의 인증 코드를 보내 드리지 못했습니다. 담당자가 이곳에서 도와드리겠습니다.",
};
