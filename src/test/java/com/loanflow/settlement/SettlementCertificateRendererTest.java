package com.loanflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.borrower.PrcIdNumbers;
import com.loanflow.borrower.TestIdNumbers;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.PDCIDFontType2;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettlementCertificateRendererTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String VIN = "LSVAU2180N2183294";

    // Shared, as in the application: the font collection is parsed once.
    private static final SettlementCertificateRenderer RENDERER = new SettlementCertificateRenderer();

    /** Any attempt to fall back on a font of this machine fails the test: only the classpath font may be used. */
    @BeforeEach
    void forbidSystemFonts() {
        FontMappers.set((FontMapper) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FontMapper.class}, (proxy, method, args) -> {
                    throw new AssertionError("PDFBox looked for a system font: " + method.getName() + " " + args[0]);
                }));
    }

    @AfterEach
    void restoreFontMapper() {
        FontMappers.set(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"张伟", "李堃", "王喆"})
    void givenChineseName_whenRendered_thenEveryValueReadsBackFromThePdf(String name) throws IOException {
        SettlementCertificate certificate = certificate(name, "Volkswagen", "Lavida");

        String text = text(RENDERER.render(certificate));

        assertThat(text).contains("车辆贷款结清证明", "Car Loan Settlement Certificate", name,
                PrcIdNumbers.mask(TestIdNumbers.GOOD), "110***********1233", VIN, "LN-7K3Q9X2M4TBW",
                "SC-7K3Q9X2M4TBW", "Volkswagen Lavida", "2025-06-18", "2023-03-09", "2025-06-19",
                "90,000.00", "36", "3,914.52", "900.00", "12.34", "94,826.86", "100.00",
                HASH, "BE17-C11B-3930-401B", "Ledger verified", "解押");
        // The statement wraps wherever the name's length puts the line ends.
        assertThat(text.replaceAll("\\R", "")).contains("本金、利息、费用及罚息均已还清", "本公司同意解除上述车辆的抵押登记");
        assertThat(text.replaceAll("\\s+", " ")).contains("all principal, interest, fees and penalties have been repaid",
                "The lender agrees to release its mortgage on the vehicle");
    }

    @Test
    void givenCertificate_whenRendered_thenOnlySubsetsOfTheShippedFontAreEmbedded() throws IOException {
        byte[] pdf = RENDERER.render(certificate("李堃", "Volkswagen", "Lavida"));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDResources resources = document.getPage(0).getResources();
            List<PDFont> fonts = new ArrayList<>();
            for (COSName fontName : resources.getFontNames()) {
                fonts.add(resources.getFont(fontName));
            }
            assertThat(fonts).hasSize(2).allSatisfy(font -> {
                assertThat(font).isInstanceOf(PDType0Font.class);
                assertThat(font.isEmbedded()).isTrue();
                // A six-letter tag marks a subset; the rest names the font shipped in src/main/resources/fonts.
                assertThat(font.getName()).matches("[A-Z]{6}\\+WenQuanYiMicroHei(Mono)?");
                assertThat(((PDCIDFontType2) ((PDType0Font) font).getDescendantFont()).getFontDescriptor()
                        .getFontFile2()).isNotNull();
                assertThat(font.getCOSObject().containsKey(COSName.TO_UNICODE)).isTrue();
            });
        }
        // Subsetting keeps a certificate small although the collection is 5 MB.
        assertThat(pdf.length).isLessThan(200_000);
    }

    @Test
    void givenLongestRealisticValues_whenRendered_thenOnePageWithNothingOffItOrUnderTheSeal() throws IOException {
        SettlementCertificate certificate = certificate("阿卜杜热合曼·买买提依明",
                "Mercedes-Benz Automobile Company Limited Beijing", // the columns hold 60 characters each
                "GLC 300 L 4MATIC Coupe Dynamic Long Wheelbase Edition 2025");

        byte[] pdf = RENDERER.render(certificate);

        assertThat(pages(pdf)).isEqualTo(1);
        List<TextPosition> glyphs = glyphs(pdf);
        assertInsideMargins(glyphs);
        String drawn = glyphs.stream().map(TextPosition::getUnicode).reduce("", String::concat);
        int seal = drawn.indexOf("贷款人（盖章）");
        float sealTop = glyphs.get(seal).getYDirAdj() - glyphs.get(seal).getHeightDir();
        assertThat(glyphs.subList(0, seal)).allSatisfy(g -> assertThat(g.getYDirAdj()).isLessThan(sealTop - 10));
        assertThat(text(pdf)).contains("GLC 300 L 4MATIC", "阿卜杜热合曼·买买提依明");
    }

    @Test
    void givenAbsurdlyLongName_whenRendered_thenTextContinuesOnASecondPageInsteadOfOverlapping() throws IOException {
        byte[] pdf = RENDERER.render(certificate("欧阳" + "娜".repeat(98), "Mercedes-Benz Automobile Company Ltd",
                "GLC 300 L 4MATIC Coupe Dynamic Long Wheelbase Edition 2025"));

        assertThat(pages(pdf)).isEqualTo(2);
        assertInsideMargins(glyphs(pdf));
        assertThat(text(pdf)).contains(HASH, "BE17-C11B-3930-401B", "第 1 页 / 共 2 页", "第 2 页 / 共 2 页");
    }

    @Test
    void givenCharacterOutsideTheFont_whenRendered_thenDrawnAsBoxInsteadOfFailing() throws IOException {
        String text = text(RENDERER.render(certificate("吉\uD842\uDFB7", "Volkswagen", "Lavida")));

        assertThat(text).contains("吉□", VIN);
    }

    @Test
    void givenConcurrentDownloads_whenRendered_thenEveryPdfIsComplete() throws Exception {
        List<String> names = List.of("张伟", "李堃", "王喆", "赵敏", "陈晓", "刘洋", "黄磊", "周杰");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> pdfs = new ArrayList<>();
            names.forEach(name -> pdfs.add(pool.submit(() -> RENDERER.render(certificate(name, "BYD", "Qin PLUS")))));

            for (int i = 0; i < names.size(); i++) {
                assertThat(text(pdfs.get(i).get())).contains(names.get(i), HASH, "BYD Qin PLUS");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenChineseAndEnglish_whenWrapped_thenPunctuationNeverStartsALine() {
        assertThat(SettlementCertificateRenderer.tokens("（车架号：L1）已结清。 Paid in full."))
                .containsExactly("（车", "架", "号：", "L1）", "已", "结", "清。", " ", "Paid", " ", "in", " ", "full.");
    }

    private static SettlementCertificate certificate(String name, String make, String model) {
        return new SettlementCertificate("SC-7K3Q9X2M4TBW", "LN-7K3Q9X2M4TBW", name,
                PrcIdNumbers.mask(TestIdNumbers.GOOD), make, model, VIN, new BigDecimal("90000.00"), 36,
                LocalDate.of(2023, 3, 9), LocalDate.of(2025, 6, 18), LocalDate.of(2025, 6, 19),
                new SettlementCertificate.AmountsRepaid(new BigDecimal("90000.00"), new BigDecimal("3914.52"),
                        new BigDecimal("900.00"), new BigDecimal("12.34")),
                new BigDecimal("100.00"), HASH,
                ZonedDateTime.of(2025, 6, 19, 10, 22, 5, 0, ZoneId.of("Asia/Shanghai")));
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    /** Every glyph inside the page's double frame (24 pt in) and above the footer line's text. */
    private static void assertInsideMargins(List<TextPosition> glyphs) {
        PDRectangle a4 = PDRectangle.A4;
        assertThat(glyphs).isNotEmpty().allSatisfy(g -> {
            assertThat(g.getXDirAdj()).isGreaterThanOrEqualTo(40f);
            assertThat(g.getXDirAdj() + g.getWidthDirAdj()).isLessThanOrEqualTo(a4.getWidth() - 40);
            assertThat(g.getYDirAdj() - g.getHeightDir()).isGreaterThanOrEqualTo(40f);
            assertThat(g.getYDirAdj()).isLessThanOrEqualTo(a4.getHeight() - 36);
        });
    }

    private static List<TextPosition> glyphs(byte[] pdf) throws IOException {
        List<TextPosition> glyphs = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition text) {
                    glyphs.add(text);
                }
            };
            stripper.getText(document);
        }
        return glyphs;
    }
}
