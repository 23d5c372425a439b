package com.loanflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads PDFs LoanFlow hands out the way a borrower's viewer would: as text. */
public final class Pdfs {

    private Pdfs() {
    }

    public static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a readable PDF", e);
        }
    }
}
