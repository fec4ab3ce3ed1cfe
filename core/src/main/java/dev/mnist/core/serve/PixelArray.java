package dev.mnist.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.web.ApiException;

import java.awt.image.BufferedImage;

/**
 * A JSON image: {@code {"pixels": [[...], ...]}} or the bare array of rows, gray values 0..255 as
 * an 8-bit gray PNG of them would hold (MNIST's own digits are white on black; either way works).
 */
final class PixelArray {
    /** Far above any digit, far below what would strain the server. */
    static final int MAX_SIDE = 1024;

    private PixelArray() {
    }

    static BufferedImage toImage(JsonNode body) {
        JsonNode rows = body != null && body.isObject() ? body.get("pixels") : body;
        if (rows == null || !rows.isArray() || rows.isEmpty()) {
            throw new ApiException(400, "JSON body must be {\"pixels\": [[...], ...]}: rows of gray values 0-255");
        }
        if (!rows.get(0).isArray()) {
            throw new ApiException(400, "pixels must be rows: an array of arrays of gray values 0-255, e.g. [[0, 255], [255, 0]]");
        }
        int height = rows.size();
        int width = rows.get(0).size();
        if (height > MAX_SIDE || width > MAX_SIDE || width == 0) {
            throw new ApiException(400, "pixels must be between 1x1 and " + MAX_SIDE + "x" + MAX_SIDE + ", not " + height + "x" + width);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] gray = new byte[width * height];
        for (int y = 0; y < height; y++) {
            JsonNode row = rows.get(y);
            if (!row.isArray() || row.size() != width) {
                throw new ApiException(400, "pixels row " + y + " is not an array of " + width + " values like row 0");
            }
            for (int x = 0; x < width; x++) {
                JsonNode value = row.get(x);
                double v = value.isNumber() ? value.asDouble() : Double.NaN;
                if (!(v >= 0 && v <= 255)) {
                    throw new ApiException(400, "pixels[" + y + "][" + x + "] is " + value + "; values are gray levels 0-255");
                }
                gray[y * width + x] = (byte) Math.round(v);
            }
        }
        image.getRaster().setDataElements(0, 0, width, height, gray);
        return image;
    }
}
