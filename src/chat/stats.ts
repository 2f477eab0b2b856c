/** `/stats` (admins): what the bot has done since its state began, and how readers voted. */
import { bold, plain, type Reply } from './reply.js';

export interface StatsFigures {
  questions: number;
  refusals: number;
  briefings: number;
  documents: number;
  passages: number;
  uptimeSeconds: number;
  mode: string;
  /** 👍 / 👎 totals (current votes: a changed vote counts once, as it is now). */
  votes?: { up: number; down: number };
}

export function statsReply(f: StatsFigures): Reply {
  const h = Math.floor(f.uptimeSeconds / 3600);
  const m = Math.floor((f.uptimeSeconds % 3600) / 60);
  const lines = [
    `回答问题 questions answered: ${f.questions}`,
    `拒答 refusals: ${f.refusals}`,
    `简报 briefings: ${f.briefings}`,
    ...(f.votes ? [`反馈 feedback: 👍 ${f.votes.up} · 👎 ${f.votes.down}`] : []),
    `文件 documents: ${f.documents}`,
    `段落 passages: ${f.passages}`,
    `运行时间 uptime: ${h} h ${m} min ${f.uptimeSeconds % 60} s`,
    `模式 mode: ${f.mode}`,
  ];
  return { blocks: [[bold('运行统计 Stats'), plain(`\n${lines.join('\n')}`)]] };
}
