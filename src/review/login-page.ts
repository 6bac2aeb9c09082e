/** HTML-escape text for element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The login form (no script: it posts to /login, which sets the HttpOnly session cookie). */
export function loginPage(input: { tokenRequired: boolean; reviewer: string; message?: string }): string {
  const message = input.message !== undefined ? `<p class="error" role="alert">${escapeHtml(input.message)}</p>` : '';
  const token = input.tokenRequired
    ? `<label>访问令牌<input name="token" type="password" autocomplete="current-password" required></label>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · tally 审核</title><link rel="stylesheet" href="/assets/app.css"></head>
<body class="login">
<form method="post" action="/login" class="login-form">
<h1>tally 审核</h1>
${message}
<label>审核人<input name="reviewer" value="${escapeHtml(input.reviewer)}" maxlength="80" required autofocus></label>
${token}
<button type="submit">进入</button>
</form>
</body>
</html>
`;
}
