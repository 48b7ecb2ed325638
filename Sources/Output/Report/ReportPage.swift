import Foundation

/// One self-contained HTML page: sections of text, tables and inline SVG plots, with its
/// style in the page — no scripts, fonts or images from anywhere else, so it can be mailed,
/// archived with the run, or opened on a machine without network.
///
/// ```swift
/// var page = ReportPage(title: "Run 20261129-101500")
/// page.section("Summary", id: "summary")
/// page.table(header: ["jobs", "failed"], rows: [["8", "0"]])
/// page.plots([plot1.svg(id: "a"), plot2.svg(id: "b")])
/// try page.html.write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct ReportPage: Sendable {
    public var title: String
    private var body = ""

    public init(title: String) {
        self.title = title
    }

    public static func escape(_ s: String) -> String { SVGBuilder.escape(s) }

    public mutating func section(_ heading: String, id: String) {
        body += "<h2 id=\"\(Self.escape(id))\">\(Self.escape(heading))</h2>\n"
    }

    public mutating func subsection(_ heading: String) {
        body += "<h3>\(Self.escape(heading))</h3>\n"
    }

    /// A paragraph of plain text (escaped).
    public mutating func paragraph(_ text: String, cssClass: String? = nil) {
        body += "<p" + (cssClass.map { " class=\"\(Self.escape($0))\"" } ?? "") + ">" + Self.escape(text) + "</p>\n"
    }

    /// A table of plain-text cells (no header row when `header` is empty); numeric-looking
    /// cells are right-aligned.
    public mutating func table(header: [String], rows: [[String]], id: String? = nil, cssClass: String = "data") {
        body += "<table class=\"\(cssClass)\"" + (id.map { " id=\"\(Self.escape($0))\"" } ?? "") + ">\n"
        // No header row for a key–value table.
        if !header.isEmpty { body += "<thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n" }
        body += "<tbody>\n"
        for r in rows {
            body += "<tr>" + r.map { c in
                let numeric = Double(c.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")) != nil
                return (numeric ? "<td class=\"num\">" : "<td>") + Self.escape(c) + "</td>"
            }.joined() + "</tr>\n"
        }
        body += "</tbody></table>\n"
    }

    /// Inline SVG figures side by side (wrapping), each in a figure with an optional caption.
    public mutating func plots(_ svgs: [String], captions: [String] = []) {
        body += "<div class=\"plots\">\n"
        for (i, s) in svgs.enumerated() {
            body += "<figure>\n" + s
            if i < captions.count, !captions[i].isEmpty { body += "<figcaption>\(Self.escape(captions[i]))</figcaption>\n" }
            body += "</figure>\n"
        }
        body += "</div>\n"
    }

    /// Already valid HTML (e.g. a list built by the caller).
    public mutating func raw(_ html: String) { body += html }

    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(Self.escape(title))</title>
        <style>
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px 32px; color: #1d1f23; background: #ffffff; }
        h1 { font-size: 24px; margin-bottom: 4px; }
        h2 { font-size: 19px; margin-top: 30px; border-bottom: 1px solid #d0d4da; padding-bottom: 4px; }
        h3 { font-size: 15px; margin-top: 18px; }
        p.note { color: #555; font-size: 13px; max-width: 1100px; }
        p.missing { color: #a33; font-size: 13px; }
        table.data { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        table.data th, table.data td { border: 1px solid #d0d4da; padding: 3px 9px; }
        table.data th { background: #f0f2f5; text-align: left; }
        table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
        div.plots { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
        figure { margin: 0; border: 1px solid #e2e5ea; }
        figcaption { font-size: 12px; color: #555; padding: 2px 8px 6px; max-width: 540px; }
        </style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>
        \(body)</body>
        </html>

        """
    }
}
