/**
 * What the bot says about subscriptions. Pure functions. The fixed wording follows the asker's
 * script (Simplified or Traditional); topics, titles and file names are shown as written.
 *
 * Messages are paragraphs of styled spans (the shared reply model); renderers decide how they look.
 */
import { bold, code, plain, type Block, type Reply, type Span } from './reply.js';
import { toTraditionalScript, type Script } from '../text/script.js';
import { formatSlot, type Cadence, type ScheduleSettings } from './subscription-schedule.js';
import type { CatalogueDocument, Digest, Subscription } from './subscription-store.js';

/** Documents listed per kind in a digest; a re-index of thousands of files is summarised. */
export const DIGEST_LINES = 10;

function toReply(blocks: Block[]): Reply {
  return { blocks };
}

/** A scheduled briefing: its heading above the briefing as /brief gives it (sources and buttons kept). */
export function scheduledBriefing(s: Subscription, script: Script, briefing: Reply): Reply {
  const t = inScript(script);
  return { ...briefing, blocks: [[bold(`${t.fixed(`${CADENCE_NAME[s.cadence]}简报`)} · ${s.topic}`)], ...briefing.blocks] };
}

/**
 * A tagged template in the reader's script: the fixed wording (written in Simplified) is converted,
 * the interpolated values — topics, titles — are kept as written; `.fixed` converts a piece of
 * fixed wording made elsewhere (a cadence name, a time).
 */
function inScript(script: Script) {
  const convert = (text: string) => (script === 'traditional' ? toTraditionalScript(text) : text);
  const t = (strings: TemplateStringsArray, ...values: unknown[]) => strings.map((s, i) => convert(s) + (i < values.length ? String(values[i]) : '')).join('');
  return Object.assign(t, { fixed: convert });
}

const quoteTopic = (topic: string) => `「${topic}」`;
const CADENCE_NAME: Record<Cadence, string> = { daily: '每日', weekly: '每周' };
const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function when(cadence: Cadence, schedule: ScheduleSettings): string {
  const time = `${String(schedule.hour).padStart(2, '0')}:00`;
  return cadence === 'daily' ? `每天 ${time}` : `每${WEEKDAY[schedule.weekday]} ${time}`;
}

const text = (...paragraphs: string[]): Reply => toReply(paragraphs.map((p) => [plain(p)]));

export function subscribeUsage(schedule: ScheduleSettings, script: Script = 'simplified'): Reply {
  const t = inScript(script);
  return text(
    [
      t`用法：/subscribe 主题 [daily|weekly]，例如 /subscribe 新材料 weekly`,
      t`按时（北京时间${t.fixed(when('daily', schedule))}，或${t.fixed(`每${WEEKDAY[schedule.weekday]}`)}）在本群发送该主题带出处的简报；知识库更新后发送新增和更新文件的摘要。`,
      t`/subscriptions 查看本群订阅，/unsubscribe [主题] 退订。`,
    ].join('\n'),
  );
}

export function subscribedReply(s: Subscription, created: boolean, next: number, schedule: ScheduleSettings, script: Script): Reply {
  const t = inScript(script);
  const cadence = t.fixed(CADENCE_NAME[s.cadence]);
  const head = created ? t`已订阅${quoteTopic(s.topic)}的${cadence}简报` : t`已更新订阅${quoteTopic(s.topic)}：${cadence}简报`;
  return text(t`${head}（${t.fixed(when(s.cadence, schedule))}，北京时间），下次发送：${t.fixed(formatSlot(next))}。知识库更新后也会在这里列出新增和更新的文件。`);
}

export const SUBSCRIPTION_TEXT = {
  adminsOnly: text("只有本群管理员可以订阅或退订。Only this group's admins can subscribe or unsubscribe."),
  adminsUnknown: text("暂时无法确认管理员身份，请稍后再试。Could not check the group's admins; please try again later."),
  tooMany: (max: number) => text(`本群已有 ${max} 个订阅，请先用 /unsubscribe 退订一些。`),
  topicTooLong: (max: number) => text(`主题太长了，请用不超过 ${max} 个字的主题。`),
  noSubscriptions: text('本群还没有订阅。用 /subscribe 主题 [daily|weekly] 订阅定时简报。'),
};

export function unsubscribedReply(removed: string[], script: Script): Reply {
  const t = inScript(script);
  return text(t`已退订：${removed.map(quoteTopic).join('、')}。`);
}

export function notSubscribedReply(topic: string, current: Subscription[], script: Script): Reply {
  const t = inScript(script);
  const list = current.length ? t`本群的订阅：${current.map((s) => quoteTopic(s.topic)).join('、')}。` : t`本群没有订阅。`;
  return text(t`没有找到${quoteTopic(topic)}的订阅。${list}`);
}

export function subscriptionListReply(subs: Subscription[], nextOf: (s: Subscription) => number, schedule: ScheduleSettings): Reply {
  if (subs.length === 0) return SUBSCRIPTION_TEXT.noSubscriptions;
  const lines = subs.map((s) => {
    const state = s.disabled ? `已停用（${s.disabled.reason}）` : `下次 ${formatSlot(nextOf(s))}`;
    return plain(`\n• ${quoteTopic(s.topic)} — ${CADENCE_NAME[s.cadence]}（${when(s.cadence, schedule)}），${state}`);
  });
  return toReply([[bold('本群订阅'), plain(`（${subs.length}，北京时间）`), ...lines], [plain('/unsubscribe 主题 退订一个，/unsubscribe 全部退订。')]]);
}

function documentLine(d: CatalogueDocument): Span[] {
  return [plain(`\n• 《${d.title}》${d.date ? ` · ${d.date}` : ''} · `), code(d.id)];
}

function section(label: string, documents: CatalogueDocument[], script: Script): Span[] {
  if (documents.length === 0) return [];
  const shown = documents.slice(0, DIGEST_LINES).flatMap(documentLine);
  const more = documents.length > DIGEST_LINES ? [plain(inScript(script)`\n……另有 ${documents.length - DIGEST_LINES} 份`)] : [];
  return [plain(`\n${label}（${documents.length}）：`), ...shown, ...more];
}

/** After a re-index: the documents new or changed since the chat's subscriptions last heard. */
export function digestReply(digest: Digest, script: Script): Reply {
  const t = inScript(script);
  return toReply([
    [
      bold(t`知识库更新`),
      plain(t`（本群订阅：${digest.topics.map(quoteTopic).join('、')}）`),
      ...section(t`新增文件`, digest.added, script),
      ...section(t`更新文件`, digest.changed, script),
      plain(t`\n用 /brief 主题 查看相关要点。`),
    ],
  ]);
}
