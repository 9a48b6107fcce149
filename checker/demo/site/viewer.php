<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>แสดงเอกสาร | องค์การบริหารส่วนตำบลโนนสะอาดงาม</title>
<link rel="stylesheet" href="/css/style.css">
</head>
<body class="viewer-page">
<div class="viewer-bar">
  <a href="/">หน้าแรก</a>
  <span>แสดงเอกสาร PDF</span>
  <a id="pdf-download" href="/">ดาวน์โหลดไฟล์</a>
</div>
<iframe id="pdf-frame" title="เอกสาร PDF" src="about:blank"></iframe>
<noscript><p>กรุณาเปิดใช้งาน JavaScript เพื่อแสดงเอกสาร</p></noscript>
<script>
  (function () {
    var file = new URLSearchParams(window.location.search).get("pdf");
    if (file && file.charAt(0) === "/" && file.charAt(1) !== "/") {
      document.getElementById("pdf-frame").src = file;
      document.getElementById("pdf-download").href = file;
    }
  })();
</script>
</body>
</html>
