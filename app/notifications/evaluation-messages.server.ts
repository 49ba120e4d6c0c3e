/**
 * The evaluation feature's messages (issue 16): requests to answer a training evaluation, the one
 * reminder, and the follow-up three months on. app/evaluation decides what is due
 * (`dueEvaluationMessages`); this producer hands each to `notify` (in-app, and e-mail for those who
 * want it) and marks it sent in the same transaction, so a restart between the two sends nothing
 * twice: the notification key names the request and the kind, and an unmarked message is offered again.
 */
import { inTransaction, type Db } from "#db/client";
import { registerJobHandler } from "#app/jobs/queue.server";
import { registerScheduledProducer } from "#app/jobs/runner.server";
import { EVALUATION_SYNC, produceEvaluationSync, runEvaluationSync } from "#app/evaluation/requests.server";
import { dueEvaluationMessages, markEvaluationMessageSent } from "#app/evaluation/evaluation.server";
import { notify } from "./notify.server";

export function produceEvaluationMessages(db: Db, now = Date.now()): number {
  const due = dueEvaluationMessages(db, now);
  if (due.length === 0) return 0;
  inTransaction(db, (tx) => {
    for (const m of due) {
      notify(tx, {
        userId: m.userId,
        kind: m.kind,
        key: `${m.kind}:${m.requestId}`,
        // Links are paths on this platform: the notifier builds the absolute URL from PUBLIC_ORIGIN.
        params: { title: m.title, path: `/me/evaluations/${m.requestId}` },
        now,
      });
      markEvaluationMessageSent(tx, m.requestId, m.kind, now);
    }
  });
  return due.length;
}

registerScheduledProducer("evaluation-messages", produceEvaluationMessages);

// Requests that time makes due (a workshop's evaluation opening): an hourly sweep, and a job at each
// opening it sees coming (app/evaluation/requests.server.ts). The writes that make a request due create
// it themselves; pages only read.
registerScheduledProducer("evaluation-requests", (db, now) => {
  produceEvaluationSync(db, now);
});
registerJobHandler(EVALUATION_SYNC, (db, job, now) => {
  runEvaluationSync(db, now, typeof job.payload.cohortId === "string" ? job.payload.cohortId : undefined);
});
