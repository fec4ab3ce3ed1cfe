package dev.mnist.core.infer;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InputListTest {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    @TempDir
    Path dir;

    @Test
    void filesFoldersAndListsExpandInOrder() throws IOException {
        Path folder = dir.resolve("folder");
        touch(folder.resolve("b.png"));
        touch(folder.resolve("a.jpg"));
        touch(folder.resolve("notes.txt"));
        touch(folder.resolve(".hidden.png"));
        touch(folder.resolve("sub/c.gif"));
        touch(folder.resolve(".cache/d.png"));
        Path single = touch(dir.resolve("single.bmp"));
        touch(dir.resolve("lists/imgs/x.png"));
        Path list = Files.writeString(dir.resolve("lists/list.txt"),
                "# path [label]\n\nimgs/x.png 7\nimgs/y y.png\n" + single.toAbsolutePath() + " 3\nimgs/z.png Ankle\n",
                java.nio.charset.StandardCharsets.UTF_8);

        List<ClassifyInput> inputs = all(new InputList(List.of(single.toString(), folder.toString(), "@" + list), DIGITS));

        assertEquals(List.of(
                new ClassifyInput(single, ClassifyInput.NO_LABEL),
                new ClassifyInput(folder.resolve("a.jpg"), ClassifyInput.NO_LABEL),
                new ClassifyInput(folder.resolve("b.png"), ClassifyInput.NO_LABEL),
                new ClassifyInput(folder.resolve("sub/c.gif"), ClassifyInput.NO_LABEL),
                new ClassifyInput(dir.resolve("lists/imgs/x.png"), 7),
                new ClassifyInput(dir.resolve("lists/imgs/y y.png"), ClassifyInput.NO_LABEL),
                new ClassifyInput(single.toAbsolutePath(), 3),
                new ClassifyInput(dir.resolve("lists/imgs/z.png Ankle"), ClassifyInput.NO_LABEL)), inputs);
    }

    @Test
    void labelsMayBeClassNames() throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"), "shoe.png Sneaker\nbag.png 8\n");
        List<ClassifyInput> inputs = all(new InputList(List.of("@" + list), List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle",
                "a", "b", "c", "d", "e")));
        assertEquals(List.of(new ClassifyInput(dir.resolve("shoe.png"), 2), new ClassifyInput(dir.resolve("bag.png"), 8)), inputs);
    }

    @Test
    void aMissingFileIsStillProducedToBeReportedButAMissingListIsAnError() {
        assertEquals(List.of(new ClassifyInput(Path.of("nope.png"), ClassifyInput.NO_LABEL)),
                all(new InputList(List.of("nope.png"), DIGITS)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new InputList(List.of("@" + dir.resolve("missing.txt")), DIGITS));
        assertEquals(dir.resolve("missing.txt") + ": no such image list", e.getMessage());
    }

    @Test
    void linksAreFollowedButEachFolderAndFileComesOnce() throws IOException {
        Path root = dir.resolve("root");
        touch(root.resolve("a.png"));
        touch(root.resolve("sub/b.png"));
        touch(dir.resolve("elsewhere/c.png"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("."));
        Files.createSymbolicLink(root.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("again.png"), Path.of("sub/b.png"));
        Files.createSymbolicLink(root.resolve("c-link.png"), dir.resolve("elsewhere/c.png"));
        Files.createSymbolicLink(root.resolve("c-link-2.png"), dir.resolve("elsewhere/c.png"));

        List<ClassifyInput> inputs = all(new InputList(List.of(root.toString(), dir.resolve("elsewhere").toString()), DIGITS));

        // In name order: again.png comes before sub/ and stands for b.png; c-link-2.png for c.png.
        assertEquals(List.of(new ClassifyInput(root.resolve("a.png"), ClassifyInput.NO_LABEL),
                new ClassifyInput(root.resolve("again.png"), ClassifyInput.NO_LABEL),
                new ClassifyInput(root.resolve("c-link-2.png"), ClassifyInput.NO_LABEL)), inputs);
    }

    @Test
    void aListLineLongerThanTheLimitIsAnErrorNotAnOutOfMemory() throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"), "a.png 1\n" + "x".repeat(Limits.MAX_LIST_LINE + 1));
        InputList inputs = new InputList(List.of("@" + list), DIGITS);
        assertEquals(new ClassifyInput(dir.resolve("a.png"), 1), inputs.next());
        InvalidInputException e = assertThrows(InvalidInputException.class, inputs::next);
        assertEquals(list + ": line 2 is over 65,536 characters; not a list of image paths", e.getMessage());
    }

    private static List<ClassifyInput> all(InputList list) {
        List<ClassifyInput> inputs = new ArrayList<>();
        list.forEachRemaining(inputs::add);
        return inputs;
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[]{1});
    }
}
