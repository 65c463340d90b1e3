import type { MessageTable } from "../messages";

export const tr: MessageTable = {
  lead_sales:
    "Teşekkürler! Talebinizi satış ekibimize ilettim. Bir çalışma arkadaşımız kısa süre içinde size buradan dönüş yapacak.",
  lead_team:
    "Teşekkürler! Talebinizi ekibimize ilettim. Bir çalışma arkadaşımız kısa süre içinde size buradan dönüş yapacak.",
  lead_draft:
    "Teşekkürler! {quantity} × {product} için {order} numaralı siparişi hazırlayıp satış ekibimize ilettim. Siparişi tamamlamak için bir çalışma arkadaşımız size buradan ulaşacak.",
  offer_handover:
    "Bu konuda size doğru şekilde yardımcı olabileceğimden emin değilim. Sizi ekibimizden bir temsilciye bağlamamı ister misiniz?",
  handover:
    "Sizi şimdi ekibimizden bir temsilciye bağlıyorum. Temsilcimiz yazışmamızın tamamını görebilecek.",
  collect_contact:
    "Ekibimiz şu anda çevrim dışı. Lütfen e-posta adresinizi ve kısa bir açıklama bırakın; mesai başlar başlamaz size dönüş yapacağız.",
  no_answer:
    "Bu soruya güvenilir bir yanıtım yok; tahmin yürütmek yerine bir temsilcimizden yardım isteyeceğim.",
  order_status: "{order} numaralı sipariş için bulduğum bilgi: {status}.",
  order_not_found:
    "{order} numaralı siparişi bulamadım. Numarayı bir kez daha kontrol edebilir misiniz?",
  order_verify:
    "{order} numaralı siparişe bakabilmem için önce siparişin size ait olduğunu doğrulamam gerekiyor. Lütfen siparişte kullanılan e-posta adresinden veya telefon numarasından bize yazın ya da sitemizde hesabınıza giriş yapın.",
  entry_language_notice: "Bu yanıt şimdilik yalnızca {language} olarak mevcut:",
  action_proposed_cancel:
    "{order} numaralı siparişin iptali için bir çalışma arkadaşımdan onay istedim. Kısa süre içinde buradan bilgi alacaksınız.",
  action_proposed_refund:
    "{order} numaralı sipariş için {amount} tutarındaki iadenin onayını bir çalışma arkadaşımdan istedim. Kısa süre içinde buradan bilgi alacaksınız.",
  action_done_cancel: "{order} numaralı sipariş iptal edildi.",
  action_done_refund: "{order} numaralı sipariş için {amount} tutarında iade yapıldı.",
  action_not_done:
    "{order} numaralı siparişinizle ilgili ekibimizden biri size buradan dönüş yapacak.",
  action_proposed_address:
    "{order} numaralı siparişin teslimat adresinin değiştirilmesi için bir çalışma arkadaşımdan onay istedim. Kısa süre içinde buradan bilgi alacaksınız.",
  action_done_address: "{order} numaralı siparişin teslimat adresi değiştirildi.",
  otp_offer:
    "{order} numaralı siparişinizle ilgili yardımcı olabilmem için siparişin size ait olduğunu doğrulamam gerekiyor. Siparişteki e-posta adresine ({mask}) 6 haneli bir kod gönderebilirim. “Evet” yazarsanız hemen gönderirim.",
  otp_sent:
    "{mask} adresine 6 haneli bir kod gönderdim. Lütfen kodu buraya yazın; kod 10 dakika geçerlidir.",
  otp_verified: "Teşekkürler, kod doğru: {order} numaralı sipariş için doğrulandınız.",
  otp_wrong: "Kod yanlış. {left} deneme hakkınız kaldı.",
  otp_expired:
    "Kodun süresi doldu. Siparişteki e-posta adresine yeni bir kod gönderilmesini isterseniz “evet” yazın.",
  otp_locked:
    "Kod yanlış ve çok fazla deneme yapıldı. Ekibimizden biri size buradan yardımcı olacak.",
  otp_not_sent:
    "{order} numaralı sipariş için kod gönderemedim. Ekibimizden biri size buradan yardımcı olacak.",
};
