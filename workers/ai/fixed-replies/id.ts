import type { MessageTable } from "../messages";

export const id: MessageTable = {
  lead_sales:
    "Terima kasih! Permintaan Anda sudah saya teruskan ke tim penjualan kami. Rekan kami akan segera membalas Anda di sini.",
  lead_team:
    "Terima kasih! Permintaan Anda sudah saya teruskan ke tim kami. Rekan kami akan segera membalas Anda di sini.",
  lead_draft:
    "Terima kasih! Saya sudah menyiapkan pesanan {order} untuk {quantity} × {product} dan meneruskannya ke tim penjualan kami. Rekan kami akan menghubungi Anda di sini untuk menyelesaikannya.",
  offer_handover:
    "Saya kurang yakin dapat membantu hal ini dengan tepat. Apakah Anda ingin saya hubungkan dengan anggota tim kami?",
  handover:
    "Saya sedang menghubungkan Anda dengan anggota tim kami. Mereka dapat melihat percakapan kita sebelumnya.",
  collect_contact:
    "Tim kami sedang tidak online saat ini. Silakan tinggalkan alamat email dan penjelasan singkat, dan kami akan membalas segera setelah kami kembali.",
  no_answer:
    "Saya tidak memiliki jawaban yang pasti untuk itu, jadi saya akan meminta bantuan rekan kami daripada menebak.",
  order_status: "Berikut informasi pesanan {order}: {status}.",
  order_not_found:
    "Saya tidak dapat menemukan pesanan {order}. Bisakah Anda memeriksa kembali nomornya?",
  order_verify:
    "Untuk memeriksa pesanan {order}, saya perlu memastikan dulu bahwa pesanan ini milik Anda. Silakan hubungi kami dari alamat email atau nomor telepon yang digunakan untuk pesanan tersebut, atau masuk ke akun Anda di situs kami.",
  entry_language_notice: "Untuk saat ini jawaban ini hanya tersedia dalam bahasa {language}:",
  action_proposed_cancel:
    "Saya sudah meminta rekan kami untuk menyetujui pembatalan pesanan {order}. Anda akan segera mendapat kabar di sini.",
  action_proposed_refund:
    "Saya sudah meminta rekan kami untuk menyetujui pengembalian dana sebesar {amount} untuk pesanan {order}. Anda akan segera mendapat kabar di sini.",
  action_done_cancel: "Pesanan {order} telah dibatalkan.",
  action_done_refund: "Pengembalian dana sebesar {amount} untuk pesanan {order} telah diproses.",
  action_not_done: "Anggota tim kami akan menindaklanjuti pesanan {order} dengan Anda di sini.",
  action_proposed_address:
    "Saya sudah meminta rekan kami untuk menyetujui perubahan alamat pengiriman pesanan {order}. Anda akan segera mendapat kabar di sini.",
  action_done_address: "Alamat pengiriman pesanan {order} telah diubah.",
  otp_offer:
    "Untuk membantu pesanan {order}, saya perlu memastikan bahwa pesanan ini milik Anda. Saya dapat mengirim kode 6 digit ke alamat email pesanan ({mask}). Balas “ya” dan saya akan mengirimkannya.",
  otp_sent:
    "Saya telah mengirim kode 6 digit ke {mask}. Silakan ketik kodenya di sini; kode berlaku selama 10 menit.",
  otp_verified: "Terima kasih, kodenya benar: Anda telah terverifikasi untuk pesanan {order}.",
  otp_wrong: "Kode tersebut salah. Anda masih memiliki {left} kesempatan lagi.",
  otp_expired:
    "Kode tersebut sudah kedaluwarsa. Balas “ya” jika Anda ingin kode baru dikirim ke alamat email pesanan.",
  otp_locked:
    "Kode tersebut salah dan sudah terlalu banyak percobaan. Anggota tim kami akan membantu Anda di sini.",
  otp_not_sent:
    "Saya tidak dapat mengirim kode untuk pesanan {order}. Anggota tim kami akan membantu Anda di sini.",
};
