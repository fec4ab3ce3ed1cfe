package dev.mnist.core.serve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.io.Json;
import dev.mnist.core.web.ApiException;

import java.awt.image.BufferedImage;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any request body, as JSON pixels or as an image: the serve parsers return an image within their
 * limits, or refuse it as a client error ({@link ApiException} with a 4xx status, or
 * {@link InvalidInputException}, answered 400); never anything that would be a 500.
 */
class ServeRequestFuzzTest {

    @FuzzTest
    void parsesOrRejectsCleanly(FuzzedDataProvider data) {
        boolean asJson = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        try {
            if (asJson) {
                BufferedImage image = PixelArray.toImage(Json.MAPPER.readTree(body));
                assertTrue(image.getWidth() <= PixelArray.MAX_SIDE && image.getHeight() <= PixelArray.MAX_SIDE);
            } else {
                long pixels = ImageFiles.pixelCount(body, "body");
                if (pixels <= ClassifyResponder.MAX_PIXELS) {
                    BufferedImage image = ImageFiles.decode(body, "body");
                    assertTrue((long) image.getWidth() * image.getHeight() == pixels);
                }
            }
        } catch (ApiException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, "a client error: " + e.status());
        } catch (InvalidInputException | IOException expected) {
            // JSON that does not parse is answered 400 by the responder; so is an unreadable image.
        }
    }
}
