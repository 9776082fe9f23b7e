package io.sandwich.io.torch;

import java.nio.file.Path;
import java.util.Map;

/** Helpers over torch checkpoints for people, such as the CLI's {@code inspect} command. */
public final class TorchCheckpoints {
    private TorchCheckpoints() {
    }

    /**
     * A description of a checkpoint: its format, then one line per tensor with its name, dtype and shape, in file
     * order, and a total of the values.
     *
     * @throws CheckpointFormatException if the file cannot be read safely
     */
    public static String inspect(Path path) {
        Format format = TorchCheckpointReader.detect(path);
        StateDict state = TorchCheckpointReader.read(path);
        int width = 4;
        for (String n : state.names()) {
            width = Math.max(width, n.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(path).append(": torch checkpoint, ")
                .append(format == Format.ZIP ? "zip format (torch.save since PyTorch 1.6)"
                        : "legacy format (torch.save before PyTorch 1.6)")
                .append(", ").append(state.size()).append(state.size() == 1 ? " tensor\n" : " tensors\n");
        long total = 0;
        for (Map.Entry<String, TorchTensor> e : state.asMap().entrySet()) {
            TorchTensor t = e.getValue();
            total += t.numel();
            sb.append(String.format("  %-" + width + "s  %-8s  %s%n", e.getKey(), t.dtype(), t.shapeString()));
        }
        sb.append("  ").append(total).append(total == 1 ? " value\n" : " values\n");
        return sb.toString();
    }
}
