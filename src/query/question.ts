/** The analysed question: computed once by `analyse`, read by retrieval, the judge and the composer. */
import type { Script } from '../text/script.js';
import type { Figure } from '../text/figures.js';
import type { Asked } from './asked.js';
import type { DocumentReferences } from './document-references.js';

/** Why a question was read as leaning on the previous turn. */
export type FollowUpReason = 'continuation' | 'pronoun' | 'ellipsis';

/** Something a question is about, in the index's normalised Chinese. */
export interface Term {
  /** The word as the index knows it. */
  text: string;
  /** Other forms a passage may use instead (typo-corrected spelling, Chinese for an English word). */
  alternatives: string[];
  /** Evidence weight (rare words weigh more); 0 for words that only frame the question. */
  weight: number;
  /**
   * A name, place, year, ordinal or figure the question is scoped to: the evidence must mention it
   * (a passage about 一期 does not answer a question about 二期).
   */
  anchor: boolean;
  /** No passage of the knowledge base uses the word (or any alternative). */
  unknown: boolean;
}

export interface QuestionPart {
  /** The clause(s) as written (script of the user). */
  text: string;
  normalized: string;
  asked: Asked;
  /** Its own terms, plus the subject carried from the first part when it has none ("利息按多少算的？"). */
  terms: Term[];
}

export interface Question {
  /** As the user wrote it. */
  text: string;
  script: Script;
  language: 'zh' | 'en';
  /** The question standing alone: a follow-up resolved against the previous turn. */
  standalone: string;
  /** Normalised index form of the standalone question. */
  normalized: string;
  /** Leading clauses that set context rather than ask ("领导让我写个汇报材料，…"). */
  context: string[];
  /** All terms, anchors first, weights summed over the parts. */
  terms: Term[];
  /** Places, organisations, projects and document numbers named by the question. */
  entities: string[];
  years: number[];
  figures: Figure[];
  /** What the first part asks for. */
  asked: Asked;
  /** One per question asked ("借了多少钱？利息按多少算的？" has two). */
  parts: QuestionPart[];
  followUp?: { reason: FollowUpReason; previous: string };
  /** What retrieval searches: normalised, English expanded into the documents' Chinese. */
  search: string;
  /**
   * Documents the question names by document number or issuer (晋政发〔2021〕17号, 17号文, 省政府):
   * retrieval puts their passages first. The naming words are not among the terms.
   */
  documents?: DocumentReferences;
}
