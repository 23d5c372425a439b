package com.loanflow.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.springframework.core.io.ClassPathResource;

/**
 * The fonts certificates are drawn in: WenQuanYi Micro Hei (Apache-2.0), shipped on the classpath so Chinese renders
 * on a machine with nothing but a JDK, and never a system font that differs between machines. The 5 MB collection
 * is parsed once; each document embeds only the subset of glyphs it uses.
 */
final class CertificateFonts {

    static final String RESOURCE = "fonts/wqy-microhei.ttc";
    private static final String REGULAR = "WenQuanYiMicroHei";
    private static final String MONO = "WenQuanYiMicroHeiMono";
    private static final int MISSING_GLYPH = 0;

    // Never closed: FontBox reads glyph tables lazily from the collection's in-memory buffer for as long as
    // certificates are rendered, and that buffer holds no file handle.
    private final TrueTypeFont regular;
    private final TrueTypeFont mono;
    private final CmapLookup unicode;

    private CertificateFonts(TrueTypeCollection collection) throws IOException {
        this.regular = required(collection, REGULAR);
        this.mono = required(collection, MONO);
        this.unicode = regular.getUnicodeCmapLookup();
    }

    static CertificateFonts fromClasspath() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            // TrueTypeCollection copies the stream into memory, so closing it here is safe.
            return new CertificateFonts(new TrueTypeCollection(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the certificate font " + RESOURCE + " from the classpath", e);
        }
    }

    /** Proportional face for all text. */
    TrueTypeFont regular() {
        return regular;
    }

    /** Fixed-width face for hashes and codes, so they line up and read unambiguously. */
    TrueTypeFont mono() {
        return mono;
    }

    /**
     * {@code text} with every character the font cannot draw replaced by {@code □}: a name in a rare character
     * (CJK Extension B and beyond) must not fail the whole certificate, and the masked identity number and loan id
     * still identify the borrower.
     */
    String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(
                unicode.getGlyphId(cp) == MISSING_GLYPH ? '□' : cp));
        return out.toString();
    }

    private static TrueTypeFont required(TrueTypeCollection collection, String name) throws IOException {
        TrueTypeFont font = collection.getFontByName(name);
        if (font == null) {
            throw new IOException(RESOURCE + " has no font " + name);
        }
        return font;
    }
}
