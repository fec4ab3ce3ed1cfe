package dev.mnist.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    @Test
    void slowRatesKeepADecimalAndFastOnesNone() {
        assertEquals("0.4/s", ProgressBar.rateText(ProgressBar.Unit.ITEMS, 0.4));
        assertEquals("3.2 img/s", ProgressBar.rateText(ProgressBar.Unit.IMAGES, 3.2));
        assertEquals("10/s", ProgressBar.rateText(ProgressBar.Unit.ITEMS, 9.96));
        assertEquals("1612 img/s", ProgressBar.rateText(ProgressBar.Unit.IMAGES, 1612.4));
        assertEquals("2.0 MB/s", ProgressBar.rateText(ProgressBar.Unit.BYTES, 2 * 1024 * 1024));
    }
}
