//! News pages around an article: navigation, breadcrumbs, a date line, a photo caption, related
//! links, a share bar, comments and a footer, in the layouts of three made-up site families. Clean
//! must return the article's paragraphs and none of the rest.
//!
//! Clean counts repeated lines per site, so a corpus needs many sites of modest size for the same
//! reason it needs many directories: each page belongs to site `N` of its family, `N` its
//! directory's number, so a site is as large as a directory.

use std::fmt::Write;

use crate::rng::Rng;

/// Text found only in the page furniture: none of it may reach a document's text.
pub const FURNITURE: &[&str] = &[
    "Đăng nhập",
    "Tin liên quan",
    "Ý kiến bạn đọc",
    "Giấy phép số",
    "Bản quyền thuộc",
    "Liên hệ quảng cáo",
    "Sao chép liên kết",
];

struct Site<'a> {
    name: &'a str,
    host: &'a str,
}

const SITES: [Site<'static>; 3] = [
    Site { name: "Tin Sớm", host: "tinsom.example.vn" },
    Site { name: "Báo Phương Nam", host: "phuongnam.example.vn" },
    Site { name: "Thời Báo Số", host: "thoibaoso.example.vn" },
];

const SECTIONS: [&str; 8] =
    ["Thời sự", "Thế giới", "Kinh doanh", "Pháp luật", "Giáo dục", "Sức khỏe", "Thể thao", "Văn hóa"];

const COMMENTS: [&str; 4] = [
    "Bài viết rất hay, cảm ơn tác giả!",
    "Mong các cơ quan chức năng sớm vào cuộc.",
    "Thông tin hữu ích cho bạn đọc.",
    "Tôi đồng ý với quan điểm này.",
];

/// A page of site `site_number` for the article `title` / `paragraphs`; `serial` makes its URL
/// unique.
pub(crate) fn page(title: &str, paragraphs: &[String], site_number: usize, serial: u64, rng: &mut Rng) -> String {
    let family = rng.pick(&SITES);
    let site =
        Site { name: &format!("{} {site_number}", family.name), host: &format!("s{site_number}.{}", family.host) };
    let section = rng.pick(&SECTIONS);
    let (day, month, hour, minute) = (rng.between(1, 28), rng.between(1, 12), rng.between(6, 22), rng.between(0, 59));
    let url = format!("https://{}/{}-{serial}.html", site.host, slug(title));
    let mut p = String::with_capacity(4096 + paragraphs.iter().map(String::len).sum::<usize>());
    let _ = write!(
        p,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} - {name}</title>\n\
         <meta property=\"og:title\" content=\"{title}\">\n<meta property=\"og:site_name\" content=\"{name}\">\n\
         <link rel=\"canonical\" href=\"{url}\">\n\
         <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{page: {serial}}});</script>\n\
         <style>.menu li{{display:inline}} .content p{{line-height:1.6}}</style>\n</head>\n<body>\n",
        name = site.name,
    );
    p.push_str("<header class=\"menu\"><ul>");
    for s in SECTIONS {
        let _ = write!(p, "<li><a href=\"/{}\">{s}</a></li>", slug(s));
    }
    p.push_str("</ul><a href=\"/login\">Đăng nhập</a></header>\n<main>\n");
    let _ = write!(
        p,
        "<ul class=\"breadcrumb\"><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/{}\">{section}</a></li></ul>\n\
         <span class=\"date\">{day}/{month}/2026 {hour:02}:{minute:02} (GMT+7)</span>\n<h1>{title}</h1>\n\
         <article class=\"content\">\n",
        slug(section)
    );
    for (i, para) in paragraphs.iter().enumerate() {
        let _ = writeln!(p, "<p>{}</p>", escape(para));
        if i == 0 && rng.chance(0.5) {
            let _ = writeln!(
                p,
                "<figure><img src=\"/img/{serial}.jpg\" alt=\"\"><figcaption>Quang cảnh sự kiện. Ảnh: {}</figcaption></figure>",
                site.name
            );
        }
    }
    p.push_str("</article>\n<div class=\"related\"><h3>Tin liên quan</h3><ul>");
    for i in 0..3 {
        let _ = write!(p, "<li><a href=\"/tin-{}.html\">Tin khác số {}</a></li>", serial + i + 1, serial + i + 1);
    }
    p.push_str(
        "</ul></div>\n<div class=\"share\"><a href=\"#\">Chia sẻ</a> <a href=\"#\">Sao chép liên kết</a></div>\n",
    );
    p.push_str("<div class=\"comments\"><h3>Ý kiến bạn đọc</h3>");
    for _ in 0..rng.between(1, 3) {
        let _ = write!(p, "<div class=\"comment\"><p>{}</p></div>", rng.pick(&COMMENTS));
    }
    let _ = write!(
        p,
        "</div>\n</main>\n<footer><p>Giấy phép số 123/GP-BTTTT. Bản quyền thuộc {name}.</p>\
         <p>Liên hệ quảng cáo: 0123 456 789.</p></footer>\n</body>\n</html>\n",
        name = site.name
    );
    p
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// An ASCII URL slug: letters without their marks.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let base = ascii_letter(c);
        if base.is_ascii_alphanumeric() {
            out.push(base.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn ascii_letter(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
        ("èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
        ("ìíỉĩịÌÍỈĨỊ", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
        ("ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
        ("ỳýỷỹỵỲÝỶỸỴ", 'y'),
        ("đĐ", 'd'),
    ];
    GROUPS.iter().find(|(set, _)| set.contains(c)).map_or(c, |&(_, base)| base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Hà Nội: đón 1,5 triệu khách!"), "ha-noi-don-1-5-trieu-khach");
    }

    #[test]
    fn clean_extracts_the_article_and_nothing_else() {
        let paragraphs: Vec<String> = vec![
            "Sáng nay, Ủy ban nhân dân thành phố đã họp để bàn về kế hoạch phát triển giao thông công cộng trong năm tới.".into(),
            "Theo báo cáo, số người đi xe buýt đã tăng gần một phần năm so với cùng kỳ năm trước, nhờ nhiều tuyến mới.".into(),
            "Lãnh đạo thành phố yêu cầu các sở, ngành phối hợp chặt chẽ để hoàn thành các dự án đúng tiến độ đã đề ra.".into(),
        ];
        let mut rng = Rng::new(5);
        for serial in 0..6 {
            let html = page("Thành phố bàn kế hoạch giao thông", &paragraphs, 7, serial, &mut rng);
            let cleaned = ingest_clean::clean_text(&html, &ingest_clean::Settings::default(), &|_| false);
            assert_eq!(cleaned.text, paragraphs.join("\n\n"), "page {serial}:\n{html}");
            assert_eq!(cleaned.title.as_deref(), Some("Thành phố bàn kế hoạch giao thông"));
            for furniture in FURNITURE {
                assert!(!cleaned.text.contains(furniture));
            }
        }
    }
}
