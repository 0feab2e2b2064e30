import type { Conversation, Message } from '../../../shared/protocol';

/**
 * Seeded, team-chat-like messages: mostly Chinese with no spaces, some English, some mixed, with
 * a skewed (Zipf-like) choice of words so common and rare tokens both exist. Message `i` depends
 * only on `i`, so any range can be generated on its own, in the page, without shipping rows.
 */

const ZH_WORDS = (
  '我们 今天 明天 下午 上午 开会 项目 进度 客户 需求 问题 已经 可以 一下 这个 那个 没有 还是 什么 时候 ' +
  '周报 发布 版本 测试 上线 服务器 数据库 接口 文档 设计 评审 确认 安排 负责 同事 老板 经理 部门 ' +
  '会议室 预订 报销 出差 合同 方案 预算 计划 目标 结果 反馈 修改 更新 完成 延期 提醒 通知 大家 ' +
  '辛苦 谢谢 好的 收到 没问题 马上 稍等 看看 讨论 决定 支持 帮忙 检查 准备 材料 演示 培训 招聘 ' +
  '面试 入职 离职 假期 周末 加班 晚饭 午饭 咖啡 快递 天气 下雨 地铁 堵车 迟到 请假 生日 蛋糕 ' +
  '鑫 翡翠 饕餮 麒麟 貔貅'
).split(' ');
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚'.split('');
const EN_WORDS = (
  'the a to and of in is for on it we you this that be at with please can will meeting deploy release ' +
  'notes bug fix review build test server client update today tomorrow morning afternoon team project ' +
  'customer issue ticket merge branch ready done check thanks ok sure call sync plan design doc spec ' +
  'deadline budget demo launch rollback hotfix staging production metrics dashboard alert incident ' +
  'on-call weekly report lunch coffee café résumé naïve quarterly roadmap milestone sprint backlog'
).split(' ');
const PUNCT = ['，', '。', '！', '？', '', '', ''];

/** mulberry32: tiny, fast, good enough to make text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skewed pick: low indexes are far more common than high ones. */
const pick = <T>(list: readonly T[], r: () => number) => list[Math.floor(list.length * r() ** 2.2)]!;

function chinese(r: () => number): string {
  const parts: string[] = [];
  const words = 3 + Math.floor(r() * 9);
  for (let w = 0; w < words; w++) {
    parts.push(r() < 0.08 ? pick(SURNAMES, r) + pick(GIVEN, r) : pick(ZH_WORDS, r));
    if (r() < 0.15) parts.push(pick(PUNCT, r));
  }
  return parts.join('');
}

function english(r: () => number): string {
  const words = 3 + Math.floor(r() * 10);
  const parts = Array.from({ length: words }, () => pick(EN_WORDS, r));
  parts[0] = parts[0]!.charAt(0).toUpperCase() + parts[0]!.slice(1);
  return parts.join(' ');
}

export function messageText(i: number): string {
  const r = random(i * 2654435761);
  const kind = r();
  if (kind < 0.6) return chinese(r);
  if (kind < 0.85) return english(r);
  return `${chinese(r)} ${english(r)}`;
}

export const BASE_TIME = Date.UTC(2025, 0, 1);

/** Message `i` of a cache spread over `conversations` conversations, one second apart. */
export function corpusMessage(i: number, conversations: number): Message {
  const conversation = i % conversations;
  const seq = Math.floor(i / conversations) + 1;
  return {
    id: `m${i}`,
    conversationId: `conv${conversation}`,
    seq,
    clientId: `c${i}`,
    senderId: `u${conversation % 7}`,
    kind: 'text',
    text: messageText(i),
    createdAt: BASE_TIME + i * 1_000,
    mentions: [],
    mentionsAll: false,
    attachment: null,
    card: null,
    system: null,
    replyTo: null,
    forwardedFrom: null,
    editedAt: null,
    recalled: null,
    reactions: [],
    rev: i + 1,
  };
}

/** Conversation `i` of the corpus, as bootstrap would have cached it before catch-up. */
export function corpusConversation(i: number): Conversation {
  return {
    id: `conv${i}`,
    kind: 'group',
    members: [],
    title: `Group ${i}`,
    avatarFileId: null,
    announcement: '',
    allMuted: false,
    historyVisible: true,
    state: 'active',
    visibleFromSeq: 0,
    settings: { muted: false, pinned: false },
    rev: 0,
    lastSeq: 0,
    createdAt: BASE_TIME,
    readSeq: 0,
    unreadCount: 0,
    peerReadSeq: 0,
  };
}
