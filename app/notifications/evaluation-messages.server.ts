/**
 * The evaluation feature's messages (issue 16): requests to answer a training evaluation, the one
 * reminder, and the follow-up three months on. app/evaluation decides what is due
 * (`dueEvaluationMessages`); this producer hands each to `notify` (in-app, and e-mail for those who
 * want it) and marks it sent in the same transaction, so a restart between the two sends nothing
 * twice: the notification key names the request and the kind, and an unmarked message is offered again.
 */
import { inTransaction, type Db } from "#db/client";
import { registerScheduledProducer } from "#app/jobs/runner.server";
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
