/**
 * How long a course takes a learner, estimated from its content, so the hours stated in course.yaml
 * (shown in the catalogue and printed on certificates) are a claim the content supports.
 *
 * Reading: the lessons' `minutes` (reading time; the five courses' lessons work out at about 130
 * words a minute, a fair pace for technical text read in a second language). Practice and assessment: every question a learner answers once
 * through the course (all knowledge-check questions, one draw of each module quiz, the pre-test and one
 * final-assessment attempt), at QUESTION_MINUTES each, which includes reading the explanation.
 */
import { questionsPerAttempt } from "#app/learning/freshness";
import type { Course } from "./catalog.server";

export const QUESTION_MINUTES = 1.5;
/** Stated hours may differ from the estimate by this share (rounding to whole hours, activities the estimate does not see). */
export const HOURS_TOLERANCE = 0.25;

export function studyMinutes(course: Course): { reading: number; questions: number; total: number } {
  const lessons = course.modules.flatMap((m) => m.lessons);
  const reading = lessons.reduce((sum, l) => sum + l.versions.en.minutes, 0);
  const checkQuestions = lessons.reduce((sum, l) => sum + (l.check?.questions.length ?? 0), 0);
  const quizQuestions = course.modules.reduce((sum, m) => sum + (m.quiz ? questionsPerAttempt(m.quiz) : 0), 0);
  const questions = checkQuestions + quizQuestions + 2 * course.assessment.questions;
  return { reading, questions, total: Math.round(reading + questions * QUESTION_MINUTES) };
}

/** Null when the stated hours agree with the estimate; otherwise what is wrong, for `content:check`. */
export function hoursProblem(course: Course): string | null {
  if (course.hours === undefined) return null;
  const estimate = studyMinutes(course);
  const stated = course.hours * 60;
  if (Math.abs(stated - estimate.total) <= estimate.total * HOURS_TOLERANCE) return null;
  return (
    `hours: ${course.hours} states ${stated} minutes of study, but the content supports about ${estimate.total} ` +
    `(${estimate.reading} minutes of reading + ${estimate.questions} questions × ${QUESTION_MINUTES}); ` +
    `say ${Math.max(1, Math.round(estimate.total / 60))}, or add the activities that take the rest`
  );
}
