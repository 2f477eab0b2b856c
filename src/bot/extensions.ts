/**
 * Features added to the bot beside the built-in ones (e.g. scheduled briefings, /subscribe): each
 * is a factory that gets what the bot is built from and returns a composer, the commands it
 * handles (for the menus, /help and the unknown-command hint) and optional start/stop hooks.
 * Wire a new feature by adding its factory to EXTENSIONS.
 */
import type { Api, Composer, Context } from 'grammy';
import type { Answerer } from '../answer/pipeline.js';
import type { CommandInfo } from '../chat/commands.js';
import type { Conversation } from '../chat/conversation.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { Pool } from '../store/postgres.js';
import { subscriptionExtension } from './subscriptions.js';

export interface ExtensionDeps {
  config: Config;
  logger: Logger;
  conversation: Conversation;
  answerer: Answerer;
  /** The current index (a getter: /reindex swaps it). */
  index: () => PolicyIndex;
  /** PostgreSQL shared by the instances (DATABASE_URL set): state every instance must see goes there. */
  pool?: Pool;
  /** The shared knowledge-base version the current index reflects (0 without `pool`). */
  kbVersion?: () => number;
}

export interface BotExtension {
  /** Sees every update that passed the gates (once, in chat order, allowed chat), before the built-in commands. */
  composer: Composer<Context>;
  commands?: CommandInfo[];
  /** Once the bot is connected and taking updates (e.g. start a scheduler that sends with `api`). */
  start?(api: Api): void | Promise<void>;
  /** On shutdown, after updates stopped and answers in flight settled, before the stores close. */
  stop?(): void | Promise<void>;
  /**
   * After /reindex swapped the index (e.g. tell subscribers what is new); not awaited. On PostgreSQL
   * every instance calls it when it reaches the new version: what it does must happen once across them.
   */
  afterReindex?(): void | Promise<unknown>;
}

export type ExtensionFactory = (deps: ExtensionDeps) => BotExtension;

/** The extensions every started bot uses. */
export const EXTENSIONS: ExtensionFactory[] = [subscriptionExtension()];
