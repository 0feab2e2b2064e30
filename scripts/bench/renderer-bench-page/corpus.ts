/**
 * The bench's conversations, seeded: a long one (100,000 messages by default) and a few small ones.
 * Mixed Chinese and English, short and long, some multi-line, several senders, spread over many
 * days. The long conversation keeps only two small typed arrays (time and sender per message);
 * message texts are made from their `seq` when asked for, so the bench's own data adds ~1 MB to the
 * page's heap, not the size of the conversation, and the heap figures stay the renderer's.
 */

const ZH = (
  '我们 今天 明天 下午 上午 开会 项目 进度 客户 需求 问题 已经 可以 一下 这个 那个 没有 还是 什么 时候 ' +
  '周报 发布 版本 测试 上线 服务器 数据库 接口 文档 设计 评审 确认 安排 负责 同事 经理 部门 会议室 ' +
  '预订 报销 出差 合同 方案 预算 计划 目标 结果 反馈 修改 更新 完成 延期 提醒 通知 大家 辛苦 谢谢 ' +
  '看看 讨论 决定 支持 帮忙 检查 准备 材料 演示 培训 面试 假期 周末 加班 午饭 咖啡 快递 天气 下雨 地铁'
).split(' ');
const ZH_SHORT = ['好的', '收到', '👍', '没问题', '马上', '稍等', '谢谢！', '哈哈哈', '可以', '行', '明白了', 'OK'];
const EN = (
  'the a to and of in is for on it we you this that be at with please can will meeting deploy release ' +
  'notes bug fix review build test server client update today tomorrow morning afternoon team project ' +
  'customer issue ticket merge branch ready done check thanks sure call sync plan design doc spec ' +
  'deadline budget demo launch rollback hotfix staging production metrics dashboard alert incident'
).split(' ');
const PUNCT = ['，', '。', '！', '？', '、'];

/** mulberry32: tiny, fast, good enough to make text. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(list.length * r())]!;

function chinese(r: () => number, words: number): string {
  let text = '';
  for (let w = 0; w < words; w++) {
    text += pick(ZH, r);
    if (r() < 0.18) text += pick(PUNCT, r);
  }
  return text;
}

function english(r: () => number, words: number): string {
  const parts = Array.from({ length: words }, () => pick(EN, r));
  parts[0] = parts[0]!.charAt(0).toUpperCase() + parts[0]!.slice(1);
  return `${parts.join(' ')}${r() < 0.5 ? '.' : ''}`;
}

function line(r: () => number): string {
  const kind = r();
  if (kind < 0.5) return chinese(r, 3 + Math.floor(r() * 14));
  if (kind < 0.8) return english(r, 3 + Math.floor(r() * 16));
  return `${chinese(r, 2 + Math.floor(r() * 6))} ${english(r, 2 + Math.floor(r() * 6))} ${chinese(r, 1 + Math.floor(r() * 4))}`;
}

/** The text of message `seq` of a conversation: a function of both, nothing stored. */
export function messageText(seed: number, seq: number): string {
  const r = random(Math.imul(seq, 2654435761) ^ seed);
  const kind = r();
  if (kind < 0.2) return pick(ZH_SHORT, r);
  if (kind < 0.82) return line(r);
  if (kind < 0.95) return Array.from({ length: 2 + Math.floor(r() * 5) }, () => line(r)).join('\n');
  // A long paragraph now and then (a pasted log, a meeting summary): 300-900 characters.
  let text = '';
  while (text.length < 300 + r() * 600) text += `${line(r)}${r() < 0.3 ? '\n' : ' '}`;
  return text.trim();
}

export interface Timeline {
  count: number;
  /** createdAt of message `seq` is createdAt[seq - 1]; increasing. */
  createdAt: Float64Array;
  /** Index into the conversation's senders. */
  sender: Uint8Array;
}

/**
 * Times and senders of `count` messages ending a few minutes before `endMs`: bursts seconds apart,
 * pauses of minutes to hours, and a new day every ~60-150 messages, so day separators, sender
 * blocks and continued rows all occur. A sender often writes several messages in a row.
 */
export function makeTimeline(count: number, senders: number, endMs: number, seed: number): Timeline {
  const r = random(seed);
  const gaps = new Float64Array(count);
  const sender = new Uint8Array(count);
  let current = 0;
  for (let i = 0; i < count; i++) {
    const g = r();
    gaps[i] = g < 0.01 ? 16 * 3600_000 + r() * 48 * 3600_000 : g < 0.12 ? 10 * 60_000 + r() * 110 * 60_000 : 3_000 + r() * 120_000;
    if (r() > 0.55) current = Math.floor(r() * senders);
    sender[i] = current;
  }
  const createdAt = new Float64Array(count);
  let t = endMs - 5 * 60_000;
  for (let i = count - 1; i >= 0; i--) {
    createdAt[i] = Math.round(t);
    t -= gaps[i]!;
  }
  return { count, createdAt, sender };
}
