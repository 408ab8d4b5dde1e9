import dev.zom.journal.*;
import java.io.File;
import java.lang.management.*;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.concurrent.atomic.AtomicBoolean;

public class PretouchExperiment {
    static final ThreadMXBean T = ManagementFactory.getThreadMXBean();
    public static void main(String[] a) throws Exception {
        boolean pretouch = a[0].equals("on");
        int count = Integer.parseInt(a[1]);
        for (int round = 0; round < 4; round++) {
            Path dir = Files.createTempDirectory(Paths.get("/tmp/pt"), "j");
            byte[] record = new byte[190];
            AtomicBoolean stop = new AtomicBoolean();
            long[] touchCpu = new long[2];
            try (Journal journal = Journal.open(new Journal.Context().directory(dir).durability(DurabilityMode.NONE));
                 JournalAppender appender = journal.appender()) {
                appender.append(record, 0, 190);
                Thread t = null;
                if (pretouch) {
                    t = new Thread(() -> {
                        ByteBuffer b = ByteBuffer.allocateDirect(1);
                        long done = 0; File current = null;
                        try {
                            while (!stop.get()) {
                                java.util.List<File> files = journal.cycleFiles();
                                File f = files.get(files.size() - 1);
                                if (!f.equals(current)) { current = f; done = 0; }
                                try (FileChannel ch = FileChannel.open(f.toPath(), StandardOpenOption.READ)) {
                                    long len = ch.size();
                                    long limit = Math.min(len, done + (64L << 20));
                                    for (long p = done; p < limit && !stop.get(); p += 4096) { b.clear(); ch.read(b, p); done = p + 4096; }
                                }
                                Thread.sleep(1);
                            }
                        } catch (Exception e) { e.printStackTrace(); }
                        touchCpu[0] = T.getCurrentThreadCpuTime(); touchCpu[1] = T.getCurrentThreadUserTime();
                    });
                    t.start();
                    Thread.sleep(500);
                }
                long c0 = T.getCurrentThreadCpuTime(), u0 = T.getCurrentThreadUserTime();
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) appender.append(record, 0, 190);
                long wall = System.nanoTime() - start;
                long c = T.getCurrentThreadCpuTime() - c0, u = T.getCurrentThreadUserTime() - u0;
                stop.set(true); if (t != null) t.join();
                System.out.printf("pretouch=%s rate=%.0f/s appender cpu %.3f us/rec (sys %.3f) pretoucher cpu %.3f us/rec (sys %.3f)%n",
                    pretouch, count / (wall / 1e9), c / 1e3 / count, (c - u) / 1e3 / count, touchCpu[0] / 1e3 / count, (touchCpu[0]-touchCpu[1]) / 1e3 / count);
            }
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        }
    }
}
