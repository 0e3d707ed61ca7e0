import type { MailCatalogue } from './nl.ts';

/** The mail texts in Arabic (keys and ICU syntax as in nl.ts; six plural forms). */
export const ar = {
  greeting: 'مرحبًا {name}،',
  signature: 'مع التحية،\nWaardewerk',
  settings: 'اختر الرسائل التي تصلك ومتى، من ملفك الشخصي: {url}',
  unsubscribe: 'لا مزيد من الرسائل عن «{kind}»: {url}',
  'verify_email.subject': 'أكّد عنوان بريدك الإلكتروني',
  'verify_email.body':
    'أكّد أن هذا هو عنوانك في Waardewerk. يعمل الرابط لمدة {hours, plural, zero {# ساعة} one {ساعة واحدة} two {ساعتين} few {# ساعات} many {# ساعة} other {# ساعة}}:\n{url}\n\nألم تُنشئ حسابًا؟ إذن يمكنك تجاهل هذه الرسالة.',
  'password_reset.subject': 'كلمة مرور جديدة لـ Waardewerk',
  'password_reset.body':
    'طلبت كلمة مرور جديدة. اخترها عبر هذا الرابط؛ يعمل مرة واحدة لمدة {minutes, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}:\n{url}\n\nلم تطلب شيئًا؟ إذن يمكنك تجاهل هذه الرسالة: كلمة مرورك تبقى كما هي.',
  'digest.subject':
    '{count, plural, zero {لا تحديثات} one {تحديث جديد} two {تحديثان جديدان} few {# تحديثات جديدة} many {# تحديثًا جديدًا} other {# تحديث جديد}} في Waardewerk',
  'digest.intro': 'هذا ما حدث منذ ملخصك الأخير:',
  'kind.engagement_invited': 'الدعوات',
  'kind.hours_to_confirm': 'ساعات بانتظار التأكيد',
  'kind.engagement_accepted': 'طلبات قُبلت',
  'kind.not_selected': 'طلبات اختير فيها شخص آخر',
  'kind.engagement_proposed': 'طلبات جديدة',
  'kind.engagement_message': 'الرسائل',
  'kind.engagement_update': 'تغييرات في اتفاقاتك',
  'kind.new_match': 'مهام جديدة تناسبك',
  'engagement_invited.subject': 'أنت مدعو إلى «{title}»',
  'engagement_invited.line': 'أنت مدعو إلى «{title}». قل نعم أو لا: {url}',
  'hours_to_confirm.subject': 'ساعات بانتظار التأكيد: «{title}»',
  'hours_to_confirm.line': 'سُجّلت ساعات لـ «{title}». هل تؤكدها؟ {url}',
  'engagement_accepted.subject': 'تم القبول: «{title}»',
  'engagement_accepted.line': 'قُبل طلبك لـ «{title}». اطّلع على الاتفاق: {url}',
  'not_selected.subject': 'لم يتم اختيارك: «{title}»',
  'not_selected.line': 'اختير شخص آخر لـ «{title}». شكرًا على طلبك. هناك مهام أخرى: {url}',
  'engagement_proposed.subject': 'طلب جديد: «{title}»',
  'engagement_proposed.line': 'تقدّم شخص لـ «{title}»: {url}',
  'engagement_message.subject': 'رسالة جديدة عن «{title}»',
  'engagement_message.line': 'هناك رسالة جديدة عن «{title}»: {url}',
  'engagement_update.subject': 'أخبار عن «{title}»',
  'engagement_update.line':
    '{event, select, accepted {قُبلت دعوتك لـ «{title}».} declined {رُفض «{title}».} cancelled {أُلغي «{title}».} confirmed {تم تأكيد ساعات «{title}».} delivered {سُلّمت أغراض «{title}».} disputed {قُدّم اعتراض على «{title}».} other {هناك أخبار عن «{title}».}} {url}',
  'new_match.subject': 'مهمة جديدة تناسبك: «{title}»',
  'new_match.line': 'مهمة جديدة تناسب عرضك: «{title}». {url}',
} satisfies MailCatalogue;
