import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("healthz", "routes/healthz.ts"),
  route("login", "routes/login.tsx"),
  route("register", "routes/register.tsx"),
  route("logout", "routes/logout.ts"),
  route("me", "routes/me.tsx"),
  route("me/profile", "routes/profile.tsx"),
  route("admin/users", "routes/admin-users.tsx"),
  route("glossary", "routes/glossary.tsx"),
  route("courses", "routes/catalog.tsx"),
  route("courses/:course", "routes/course.tsx"),
  route("courses/:course/assessment/:kind", "routes/assessment.tsx"),
  route("courses/:course/:module/quiz", "routes/module-quiz.tsx"),
  route("courses/:course/:module/:lesson", "routes/lesson.tsx"),
  // Certificates: public verification, printable PDF and signed Open Badge, issuer profile and key.
  route("verify", "routes/verify.tsx"),
  route("verify/:code", "routes/verify-certificate.tsx"),
  route("certificates/:file", "routes/certificate-file.ts"),
  route("issuer", "routes/issuer.ts"),
  route("issuer/keys/:id", "routes/issuer-key.ts"),
  route("me/certificates", "routes/my-certificates.tsx"),
  route("admin/certificates", "routes/admin-certificates.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
