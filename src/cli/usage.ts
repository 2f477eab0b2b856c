/**
 * What `--help` prints for each command-line program: what it does, its options and examples. In
 * one file so every program's help reads alike and a program's own file changes only to show it.
 */

export const START_USAGE = `
npm start [-- --help]

The Telegram bot when TELEGRAM_BOT_TOKEN is set (in .env or the environment); otherwise a chat in
this terminal with the bot's own replies. The index over knowledge/ is brought up to date first.

In the terminal chat:
  a question, then Enter     answered with [n] markers and the numbered sources
  /source N                  the full passage of source N of the last answer (/source: the list)
  /brief 主题                 cited key points on a topic; /brief alone: what the documents cover
  /docs                      the documents in the knowledge base
  /help                      how to ask, with example questions from the documents
  /quit or Ctrl-D            quit (an empty line does nothing)
A message may be up to 4,096 characters: in a long pasted text the question is found and answered.

Examples:
  npm start
  echo "综改示范区今年的年度计划投资是多少？" | npm start
  TELEGRAM_BOT_TOKEN=123456789:AAE… npm start      # the bot (see README: Telegram bot)
`;

export const ASK_USAGE = `
npm run ask -- [options] "问题"
npm run ask -- --json --batch FILE.jsonl

Answers one question from the knowledge base: the answer with [n] markers, then the numbered sources.

Options:
  --json            one JSON object: question, answer, outcome, refused, mode, notices, citations, passages, ms
  --passages        also print the retrieved passages (human output)
  --source N|all    print cited passage N (or all) with the quoted sentences marked and its place in the file
  -k N              how many passages are retrieved (default TOP_K)
  --issuer 机关      only documents of this issuing body (山西省人民政府, 省工信厅, …)
  --since DATE      only documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)
  --in-force        only documents known to be in force (policy documents not repealed or expired)
  --batch FILE      JSON lines {"question", "id"?, "conversation"?}, one result line each ("-" reads stdin);
                    lines sharing a "conversation" are answered in order as one chat (follow-ups)
  -h, --help        this help

Examples:
  npm run ask -- "综改示范区今年的年度计划投资是多少？"
  npm run ask -- --passages -k 3 "How many Fortune Global 500 companies have invested in Shanxi?"
  npm run ask -- --source all "17号文提出了哪些保障措施？"
  npm run ask -- --issuer 山西省人民政府 --in-force "氢能产业的发展目标是什么？"
  npm run ask -- --json --batch eval/dev.jsonl > answers.jsonl
`;

export const INGEST_USAGE = `
npm run ingest [-- --full] [--verify]

Brings the index in DATA_DIR up to date with KNOWLEDGE_DIR: only added, changed and removed files
are processed. Reports documents, passages, skipped files with reasons, and the time taken.

Options:
  --full            rebuild the whole index
  --verify          compare every file by content hash, not only those whose size or time changed
  -h, --help        this help

Examples:
  npm run ingest
  npm run ingest -- --full
  KNOWLEDGE_DIR=/path/to/docs DATA_DIR=/tmp/idx npm run ingest -- --verify
`;

export const EVAL_USAGE = `
npm run eval [-- options]

Runs question sets through the offline answer pipeline and prints hit@1/@5, MRR, refusals, keyword
hits, citation support and latency, with a ranking ablation (and on CRUD an FTS5 baseline).

Options:
  --set NAME|FILE   dev, dev2, en-extra, crud, or a JSON-lines file in the dev format (repeatable;
                    default: dev, dev2, en-extra and crud)
  --crud-size N     articles in the CRUD sample (default 3000)
  --crud-dir DIR    the CRUD-RAG data (default ../shared/crud)
  -v, --verbose     list every failure
  --dump FILE       one JSON line per question
  --json            the summary as JSON
  -h, --help        this help

Examples:
  npm run eval
  npm run eval -- --set dev2 -v
  npm run feedback -- --out feedback.jsonl && npm run eval -- --set feedback.jsonl -v
`;

export const BENCH_USAGE = `
npm run bench [-- options]

Build time, throughput, memory, disk, open time, answer latency and retrieval quality of the index.

Options:
  (none)            the real knowledge base and a copy scaled up by repeating and perturbing it
  --scale N         size of the scaled copy (default 100)
  --crud N|all      a knowledge folder of N CRUD-RAG news articles (cached under data/bench/), scored
                    on the CRUD dev questions
  --kb DIR          the same figures for any knowledge folder
  --questions FILE  questions for --kb (CRUD-style for recall figures; latency only otherwise)
  -h, --help        this help

Examples:
  npm run bench
  npm run bench -- --scale 20
  npm run bench -- --crud 10000
`;

export const FEEDBACK_USAGE = `
npm run feedback [-- options]

Exports the 👍 / 👎 votes readers gave the bot's answers (DATA_DIR/feedback.sqlite, or PostgreSQL when
DATABASE_URL is set: every instance's votes) as JSON lines in the evaluation format (eval/dev.jsonl),
one line per answer:
  👍  a regression case: the cited sentences are its gold quotes (a 👍 refusal: answerable false)
  👎  a case to review: "gold" is empty, "bad" holds the citations of the rejected answer, and
      "feedback" the answer given, the votes and the index version it was given on

Options:
  --vote up|down    only answers judged 👍 (or 👎)
  --out FILE        write to FILE instead of stdout
  -h, --help        this help

Examples:
  npm run feedback
  npm run feedback -- --vote down --out review.jsonl
  npm run feedback -- --vote up --out regressions.jsonl && npm run eval -- --set regressions.jsonl
`;
