package com.loanflow.settlement;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Draws a {@link SettlementCertificate} as an A4 PDF in Chinese with English alongside (one page for any realistic
 * name and vehicle): the document a borrower takes to the vehicle management office (车管所) to have the mortgage
 * on the car released (解押).
 * The text stays extractable (Type 0 fonts with a ToUnicode map), so the hash and code can be copied and checked.
 */
@Component
class SettlementCertificateRenderer {

    private static final Logger log = LoggerFactory.getLogger(SettlementCertificateRenderer.class);

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 56;
    private static final float CONTENT_WIDTH = PAGE.getWidth() - 2 * MARGIN;
    // Label columns: 104 pt holds "身份证号码 ID number" in the two-column grid; the single-column blocks need
    // 128 pt for "账本最终哈希 Ledger final hash".
    private static final float GRID_LABEL = 104;
    private static final float VALUE_X = MARGIN + 8 + 128;
    private static final float AMOUNT_RIGHT = VALUE_X + 120;
    private static final float ROW = 16;
    private static final float WRAPPED_LINE = 13;
    private static final float SEAL_TOP = 150;
    private static final float BOTTOM = 66;

    private static final Color INK = new Color(0x1E, 0x1E, 0x1E);
    private static final Color ACCENT = new Color(0x16, 0x3A, 0x6E);
    private static final Color MUTED = new Color(0x5C, 0x63, 0x6E);
    private static final Color HAIRLINE = new Color(0xB8, 0xC2, 0xD0);

    private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("uuuu年M月d日");
    private static final DateTimeFormatter ENGLISH_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final String HOTLINE = "400-820-1234";

    private final CertificateFonts fonts;

    SettlementCertificateRenderer() {
        this(CertificateFonts.fromClasspath());
    }

    SettlementCertificateRenderer(CertificateFonts fonts) {
        this.fonts = fonts;
    }

    /** The certificate as PDF bytes, built in memory. */
    byte[] render(SettlementCertificate certificate) {
        SettlementCertificate c = printable(certificate);
        // FontBox's TrueTypeFont reads its tables through one shared buffer position and is not documented as
        // thread-safe. Certificates are fetched a few times per loan, so drawing one at a time costs nothing.
        synchronized (fonts) {
            try (PDDocument document = new PDDocument()) {
                describe(document, c);
                // Subsets: only the glyphs this certificate uses are embedded (tens of KB, not 5 MB).
                PDType0Font sans = PDType0Font.load(document, fonts.regular(), true);
                PDType0Font mono = PDType0Font.load(document, fonts.mono(), true);
                new Sheet(document, sans, mono).draw(c);
                ByteArrayOutputStream out = new ByteArrayOutputStream(96 * 1024);
                document.save(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot render settlement certificate " + c.certificateNumber(), e);
            }
        }
    }

    /** Borrower and vehicle text comes from the application; anything the font cannot draw becomes {@code □}. */
    private SettlementCertificate printable(SettlementCertificate c) {
        String name = fonts.printable(c.borrowerName());
        String make = fonts.printable(c.vehicleMake());
        String model = fonts.printable(c.vehicleModel());
        if (!name.equals(c.borrowerName()) || !make.equals(c.vehicleMake()) || !model.equals(c.vehicleModel())) {
            log.warn("Settlement certificate {} of loan {}: characters outside the certificate font drawn as □",
                    c.certificateNumber(), c.loanId());
        }
        return new SettlementCertificate(c.certificateNumber(), c.loanId(), name, c.maskedIdNumber(), make, model,
                c.vin(), c.principal(), c.termMonths(), c.disbursementDate(), c.settlementDate(), c.issueDate(),
                c.repaid(), c.overpaymentRefunded(), c.ledgerFinalHash(), c.ledgerVerifiedAt());
    }

    private static void describe(PDDocument document, SettlementCertificate c) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("车辆贷款结清证明 Car Loan Settlement Certificate " + c.certificateNumber());
        info.setSubject("Settlement of car loan " + c.loanId());
        info.setAuthor("LoanFlow");
        info.setCreator("LoanFlow");
        info.setCreationDate(GregorianCalendar.from(c.ledgerVerifiedAt()));
        document.getDocumentCatalog().setLanguage("zh-CN");
    }

    static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }

    /**
     * The certificate being drawn, top to bottom; {@code y} is the baseline of the line drawn last. It fits one
     * page for every realistic name and vehicle; text longer than that continues on another page rather than
     * running into the seal or off the paper.
     */
    private static final class Sheet {

        private final PDDocument document;
        private final PDFont sans;
        private final PDFont mono;
        private PDPageContentStream content;
        private float y;

        Sheet(PDDocument document, PDFont sans, PDFont mono) {
            this.document = document;
            this.sans = sans;
            this.mono = mono;
        }

        void draw(SettlementCertificate c) throws IOException {
            newPage();
            try {
                heading(c);
                statement(c);
                section("借款人与贷款", "Borrower and loan", ROW);
                pair("借款人", "Borrower", c.borrowerName(), "身份证号码", "ID number", c.maskedIdNumber());
                pair("贷款编号", "Loan ID", c.loanId(), "车架号", "VIN", c.vin());
                row("抵押车辆", "Vehicle", c.vehicleMake() + " " + c.vehicleModel());
                pair("贷款本金", "Principal", "CNY " + money(c.principal()),
                        "贷款期限", "Term", c.termMonths() + " 个月 / months");
                pair("放款日期", "Disbursed on", c.disbursementDate().toString(),
                        "结清日期", "Settled on", c.settlementDate().toString());
                // The repayment and verification blocks are kept whole: a total parted from its lines reads wrong.
                section("累计还款", "Repaid over the life of the loan", 6 * ROW);
                SettlementCertificate.AmountsRepaid repaid = c.repaid();
                amount("本金", "Principal", repaid.principal(), false);
                amount("利息", "Interest", repaid.interest(), false);
                amount("费用", "Fees", repaid.fees(), false);
                amount("罚息", "Penalty interest", repaid.penalties(), false);
                rule(VALUE_X, AMOUNT_RIGHT, y - 4.5f, INK, 0.5f);
                amount("还款合计", "Total repaid", repaid.total(), true);
                amount("多付款已退还", "Overpayment refunded", c.overpaymentRefunded(), false);
                section("防伪核验", "Verification", 3 * ROW + 54);
                verification(c);
                closing(c);
            } finally {
                content.close();
            }
            footers(c);
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            frame();
            y = PAGE.getHeight() - 64;
        }

        /** Starts a new page unless {@code height} more points fit above the footer. */
        private void room(float height) throws IOException {
            if (y - height < BOTTOM) {
                newPage();
            }
        }

        private void frame() throws IOException {
            content.setStrokingColor(ACCENT);
            content.setLineWidth(1.6f);
            content.addRect(24, 24, PAGE.getWidth() - 48, PAGE.getHeight() - 48);
            content.stroke();
            content.setLineWidth(0.5f);
            content.addRect(29, 29, PAGE.getWidth() - 58, PAGE.getHeight() - 58);
            content.stroke();
        }

        private void heading(SettlementCertificate c) throws IOException {
            y = PAGE.getHeight() - 84;
            centeredBold("车辆贷款结清证明", 26, ACCENT, y);
            y -= 22;
            centered(sans, 12.5f, MUTED, y, "Car Loan Settlement Certificate");
            y -= 30;
            labelled(MARGIN, "证明编号", "Certificate No.", c.certificateNumber(), mono, 10.5f);
            String issued = c.issueDate().toString();
            float issuedWidth = width(sans, 10, "出具日期") + 4 + width(sans, 7.5f, "Issued") + 6
                    + width(sans, 10.5f, issued);
            labelled(MARGIN + CONTENT_WIDTH - issuedWidth, "出具日期", "Issued", issued, sans, 10.5f);
            y -= 9;
            rule(MARGIN, MARGIN + CONTENT_WIDTH, y, ACCENT, 0.8f);
        }

        private void statement(SettlementCertificate c) throws IOException {
            String vehicle = c.vehicleMake() + " " + c.vehicleModel();
            y -= 6;
            paragraph(sans, 11, INK, 18.5f, "\u3000\u3000兹证明：借款人" + c.borrowerName() + "（身份证号码："
                    + c.maskedIdNumber() + "）以" + vehicle + "（车架号：" + c.vin() + "）作抵押在本公司办理的汽车贷款"
                    + "（贷款编号：" + c.loanId() + "，贷款本金人民币" + money(c.principal()) + "元，期限" + c.termMonths()
                    + "个月），已于" + CHINESE_DATE.format(c.settlementDate()) + "全部结清，贷款本金、利息、费用及罚息均已"
                    + "还清，借款人对本公司已无任何欠款。本公司同意解除上述车辆的抵押登记，借款人可持本证明向车辆管理所"
                    + "申请办理机动车抵押登记注销（解押）手续。");
            paragraph(sans, 11, INK, 18.5f, "\u3000\u3000特此证明。");
            y -= 3;
            paragraph(sans, 8.5f, MUTED, 12, "This certifies that car loan " + c.loanId() + " of " + c.borrowerName()
                    + ", secured on the " + vehicle + " (VIN " + c.vin() + "), was fully settled on "
                    + ENGLISH_DATE.format(c.settlementDate()) + ": all principal, interest, fees and penalties have"
                    + " been repaid and nothing is owed. The lender agrees to release its mortgage on the vehicle;"
                    + " this certificate may be presented to the vehicle management office to cancel the mortgage"
                    + " registration.");
        }

        private void section(String chinese, String english, float keepWithNext) throws IOException {
            room(24 + keepWithNext);
            y -= 21;
            text(sans, 11.5f, ACCENT, MARGIN, y, chinese);
            text(sans, 8.5f, ACCENT, MARGIN + width(sans, 11.5f, chinese) + 6, y, english);
            rule(MARGIN, MARGIN + CONTENT_WIDTH, y - 5, HAIRLINE, 0.6f);
            y -= 3;
        }

        /**
         * Two label-value cells side by side; when either value is too long for half the width (a long name) both
         * get a row of their own instead of wrapping in a narrow cell.
         */
        private void pair(String chinese, String english, String value,
                          String chinese2, String english2, String value2) throws IOException {
            float half = CONTENT_WIDTH / 2 - GRID_LABEL - 14;
            if (wrap(sans, 10.5f, half, value).size() > 1 || wrap(sans, 10.5f, half, value2).size() > 1) {
                row(chinese, english, value);
                row(chinese2, english2, value2);
                return;
            }
            room(ROW);
            y -= ROW;
            label(MARGIN + 8, y, chinese, english);
            text(sans, 10.5f, INK, MARGIN + 8 + GRID_LABEL, y, value);
            label(MARGIN + CONTENT_WIDTH / 2 + 8, y, chinese2, english2);
            text(sans, 10.5f, INK, MARGIN + CONTENT_WIDTH / 2 + 8 + GRID_LABEL, y, value2);
        }

        /** One label-value cell across the whole width; a long value wraps. */
        private void row(String chinese, String english, String value) throws IOException {
            List<String> lines = wrap(sans, 10.5f, CONTENT_WIDTH - GRID_LABEL - 8, value);
            room(ROW + (lines.size() - 1) * WRAPPED_LINE);
            y -= ROW;
            label(MARGIN + 8, y, chinese, english);
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    y -= WRAPPED_LINE;
                }
                text(sans, 10.5f, INK, MARGIN + 8 + GRID_LABEL, y, lines.get(i));
            }
        }

        /** Amounts are right-aligned so that the decimals line up above their total. */
        private void amount(String chinese, String english, BigDecimal amount, boolean total) throws IOException {
            y -= ROW;
            label(MARGIN + 8, y, chinese, english);
            String value = "CNY " + money(amount);
            float x = AMOUNT_RIGHT - width(sans, 10.5f, value);
            if (total) {
                bold(sans, 10.5f, INK, x, y, value);
            } else {
                text(sans, 10.5f, INK, x, y, value);
            }
        }

        private void label(float x, float baseline, String chinese, String english) throws IOException {
            text(sans, 10, INK, x, baseline, chinese);
            text(sans, 7.5f, MUTED, x + width(sans, 10, chinese) + 5, baseline, english);
        }

        private void verification(SettlementCertificate c) throws IOException {
            y -= ROW;
            label(MARGIN + 8, y, "账本最终哈希", "Ledger final hash");
            // As large as fits on one line: a hash split over two lines is easily misread or mis-copied.
            float available = MARGIN + CONTENT_WIDTH - VALUE_X;
            float size = Math.min(9.5f, available / width(mono, 1, c.ledgerFinalHash()));
            text(mono, size, INK, VALUE_X, y, c.ledgerFinalHash());
            y -= ROW + 3;
            label(MARGIN + 8, y, "校验码", "Verification code");
            bold(mono, 13, ACCENT, VALUE_X, y, c.verificationCode());
            y -= ROW + 1;
            label(MARGIN + 8, y, "账本校验", "Ledger check");
            text(sans, 10, INK, VALUE_X, y, "✓ 账本校验通过 Ledger verified  " + DATE_TIME.format(c.ledgerVerifiedAt())
                    + " " + c.ledgerVerifiedAt().getZone().getId());
            y -= 6;
            paragraph(sans, 7.5f, MUTED, 11, "还款账本为哈希链，每笔记录的哈希均覆盖前一笔记录，任何事后改动都会使校验失败；"
                    + "校验码为“证明编号|账本最终哈希”的 SHA-256 摘要前 16 位。如需核验本证明，请致电 " + HOTLINE
                    + " 并提供证明编号与校验码。The repayment ledger is a hash chain: any later change to a past entry"
                    + " fails verification. The verification code is the first 16 hex digits of SHA-256 over"
                    + " \"certificate number|ledger final hash\". To verify this certificate, call " + HOTLINE
                    + " with its number and verification code.");
        }

        /**
         * The lender's name line and date, where the seal is stamped over both as on any Chinese certificate: at the
         * foot of the page, or below the text if that runs long.
         */
        private void closing(SettlementCertificate c) throws IOException {
            room(26 + 24);
            float top = Math.min(SEAL_TOP, y - 26);
            float x = MARGIN + CONTENT_WIDTH - 190;
            String lender = "贷款人（盖章）";
            text(sans, 11, INK, x, top, lender);
            text(sans, 8, MUTED, x + width(sans, 11, lender) + 5, top, "Lender (seal)");
            y = top - 24;
            text(sans, 10.5f, INK, x, y, CHINESE_DATE.format(c.issueDate()));
        }

        /** Drawn last, when the number of pages is known. */
        private void footers(SettlementCertificate c) throws IOException {
            int pages = document.getNumberOfPages();
            for (int i = 0; i < pages; i++) {
                try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                        PDPageContentStream.AppendMode.APPEND, true)) {
                    content = footer; // the drawing helpers write to "content"
                    rule(MARGIN, MARGIN + CONTENT_WIDTH, 52, HAIRLINE, 0.5f);
                    text(sans, 7, MUTED, MARGIN, 41, "本证明由 LoanFlow 依据还款账本自动生成 · Generated by LoanFlow"
                            + " from the repayment ledger · " + c.certificateNumber());
                    String page = "第 " + (i + 1) + " 页 / 共 " + pages + " 页";
                    text(sans, 7, MUTED, MARGIN + CONTENT_WIDTH - width(sans, 7, page), 41, page);
                }
            }
        }

        private void labelled(float x, String chinese, String english, String value, PDFont valueFont, float size)
                throws IOException {
            text(sans, 10, MUTED, x, y, chinese);
            float englishX = x + width(sans, 10, chinese) + 4;
            text(sans, 7.5f, MUTED, englishX, y, english);
            text(valueFont, size, INK, englishX + width(sans, 7.5f, english) + 6, y, value);
        }

        /** Lays out {@code text} across the content width, below the current line. */
        private void paragraph(PDFont font, float size, Color color, float leading, String text) throws IOException {
            for (String line : wrap(font, size, CONTENT_WIDTH, text)) {
                room(leading);
                y -= leading;
                text(font, size, color, MARGIN, y, line);
            }
        }

        private void centered(PDFont font, float size, Color color, float baseline, String text) throws IOException {
            text(font, size, color, (PAGE.getWidth() - width(font, size, text)) / 2, baseline, text);
        }

        private void centeredBold(String text, float size, Color color, float baseline) throws IOException {
            bold(sans, size, color, (PAGE.getWidth() - width(sans, size, text)) / 2, baseline, text);
        }

        private void text(PDFont font, float size, Color color, float x, float baseline, String text)
                throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.setNonStrokingColor(color);
            content.newLineAtOffset(x, baseline);
            content.showText(text);
            content.endText();
        }

        /** The font has no bold face; outlining the glyphs in their own colour gives the same weight. */
        private void bold(PDFont font, float size, Color color, float x, float baseline, String text)
                throws IOException {
            content.setStrokingColor(color);
            content.setLineWidth(size / 30);
            content.setRenderingMode(RenderingMode.FILL_STROKE);
            text(font, size, color, x, baseline, text);
            content.setRenderingMode(RenderingMode.FILL);
        }

        private void rule(float fromX, float toX, float atY, Color color, float lineWidth) throws IOException {
            content.setStrokingColor(color);
            content.setLineWidth(lineWidth);
            content.moveTo(fromX, atY);
            content.lineTo(toX, atY);
            content.stroke();
        }
    }

    static float width(PDFont font, float size, String text) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /**
     * Greedy line breaking for mixed Chinese and English: Chinese may break between any two characters, English
     * only at spaces; closing punctuation never starts a line and opening punctuation never ends one (避头尾).
     */
    static List<String> wrap(PDFont font, float size, float maxWidth, String text) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String token : tokens(text)) {
            boolean space = token.equals(" ");
            if (line.isEmpty() && space) {
                continue;
            }
            if (!line.isEmpty() && !space && width(font, size, line + token) > maxWidth) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
            }
            line.append(token);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static final String NO_LINE_START = "，。、；：？！）》」』”’";
    private static final String NO_LINE_END = "（《「『“‘";

    /** Unbreakable pieces: a Chinese character with the punctuation that clings to it, an English word, a space. */
    static List<String> tokens(String text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == ' ' || breaksAnywhere(cp)) {
                if (!word.isEmpty()) {
                    pieces.add(word.toString());
                    word.setLength(0);
                }
                pieces.add(Character.toString(cp));
            } else {
                word.appendCodePoint(cp);
            }
        });
        if (!word.isEmpty()) {
            pieces.add(word.toString());
        }
        List<String> tokens = new ArrayList<>();
        for (String piece : pieces) {
            String previous = tokens.isEmpty() ? " " : tokens.get(tokens.size() - 1);
            boolean glue = !piece.equals(" ") && !previous.equals(" ")
                    && (NO_LINE_START.indexOf(piece.charAt(0)) >= 0
                    || NO_LINE_END.indexOf(previous.charAt(previous.length() - 1)) >= 0);
            if (glue) {
                tokens.set(tokens.size() - 1, previous + piece);
            } else {
                tokens.add(piece);
            }
        }
        return tokens;
    }

    private static boolean breaksAnywhere(int cp) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return Character.isIdeographic(cp)
                || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
