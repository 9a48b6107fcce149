<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>เข้าสู่ระบบ | ระบบจัดการเว็บไซต์ อบต.โนนสะอาดงาม</title>
<link rel="stylesheet" href="/css/style.css">
</head>
<body class="login-page">
<div class="login-box">
  <img src="/images/logo.png" alt="" width="72" height="72">
  <h1>เข้าสู่ระบบ</h1>
  <p>ระบบจัดการเว็บไซต์ (Back Office) สำหรับเจ้าหน้าที่</p>
  <form action="/login.php" method="post">
    <input type="hidden" name="redirect" value="">
    <label for="username">ชื่อผู้ใช้</label>
    <input id="username" type="text" name="username" autocomplete="username" required>
    <label for="password">รหัสผ่าน</label>
    <input id="password" type="password" name="password" autocomplete="current-password" required>
    <button type="submit">เข้าสู่ระบบ</button>
  </form>
  <p class="small"><a href="/">&laquo; กลับหน้าเว็บไซต์</a></p>
</div>
</body>
</html>
