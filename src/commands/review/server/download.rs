//! Exports from the review page: any format of the current review, and
//! its segmentation exceptions as a `--segment-rules` file.

use super::*;

#[derive(Deserialize)]
pub(super) struct ExportQuery {
    format: String,
    /// A rendering's number, or absent for all of them joined (csv, html,
    /// docx) or the only one.
    rendering: Option<usize>,
    /// The page sends its token here too; the guard has checked it.
    #[allow(dead_code)]
    token: Option<String>,
}

/// Long because it is one match over the formats a reviewer can download, each
/// refusing or writing its own way.
pub(super) async fn export_file(State(app): State<App>, Query(q): Query<ExportQuery>) -> Response {
    if q.format == "rules" {
        // The segmentation exceptions, as a `--segment-rules` file.
        let server = app.server.lock().unwrap_or_else(|e| e.into_inner());
        let project = server.session.project();
        let mut rules = project.source_rules.clone();
        for r in 0..project.renderings.len() {
            if q.rendering.is_none_or(|k| k == r) {
                rules = rules.merged(&project.rules_of(r));
            }
        }
        let text = format!(
            "# segmentation exceptions of {} (bitext review); use with --segment-rules\n{}",
            project.name,
            rules.to_file_text()
        );
        return attachment(&format!("{}.rules", project.name), false, text.into_bytes());
    }
    let Some(format) = Format::from_name(&q.format) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("unknown format `{}`", q.format),
        );
    };
    let project = {
        let server = app.server.lock().unwrap_or_else(|e| e.into_inner());
        server.session.project().clone()
    };
    let options = ExportOptions {
        creation_date: crate::commands::creation_date()
            .unwrap_or_else(|_| "19700101T000000Z".into()),
        ..ExportOptions::default()
    };
    let several = project.renderings.len() > 1;
    let mut buffer = Vec::new();
    let name = match (q.rendering, several) {
        (None, true) => {
            // Joined, each rendering goes by its own name.
            let named = project
                .alignments()
                .into_iter()
                .zip(&project.renderings)
                .map(|(a, r)| Alignment {
                    name: r.name.clone(),
                    ..a
                })
                .collect();
            let multi =
                bitext::review::renderings::MultiAlignment::join(project.name.clone(), named);
            let written = match format {
                Format::Html => export::multi::write_html(&multi, true, &mut buffer),
                Format::Docx => export::multi::write_docx(&multi, &options, &mut buffer),
                Format::Csv => export::multi::write_csv(&multi, &mut buffer),
                Format::Xlsx => export::multi::write_xlsx(&multi, &options, &mut buffer),
                _ => {
                    return refuse(
                        StatusCode::BAD_REQUEST,
                        format!("{} is written per rendering: choose one", format.name()),
                    );
                }
            };
            if let Err(e) = written {
                return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
            }
            format!("{}.{}", project.name, format.extension())
        }
        (r, _) => {
            let r = r.unwrap_or(0);
            let Some(alignment) = project.alignment(r) else {
                return refuse(StatusCode::NOT_FOUND, format!("there is no rendering {r}"));
            };
            match export::to_bytes(format, &alignment, &options) {
                Ok((bytes, _)) => buffer = bytes,
                Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
            let suffix = if several {
                format!(".{}", project.renderings[r].name)
            } else {
                String::new()
            };
            format!("{}{suffix}.{}", project.name, format.extension())
        }
    };
    attachment(&name, format.is_binary(), buffer)
}

/// A download named `name` (made safe for a file name).
fn attachment(name: &str, binary: bool, bytes: Vec<u8>) -> Response {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if binary {
            "application/octet-stream"
        } else {
            "text/plain; charset=utf-8"
        }),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, Body::from(bytes)).into_response()
}
