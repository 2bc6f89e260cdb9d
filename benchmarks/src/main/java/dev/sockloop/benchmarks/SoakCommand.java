package dev.sockloop.benchmarks;

import java.time.Duration;

import dev.sockloop.benchmarks.server.Transport;
import dev.sockloop.benchmarks.soak.Soak;
import dev.sockloop.benchmarks.soak.SoakVerdict;

/**
 * {@code soak}: a long echo-plus-churn run in one JVM; exits non-zero if open fds, threads or heap
 * after GC grew.
 */
final class SoakCommand {

	private SoakCommand() {
	}

	static void run(Arguments args) throws Exception {
		Soak soak = new Soak(Transport.of(args.string("transport", Transport.SOCKLOOP.cliName())),
				args.integer("loops", 1), args.integer("connections", 64), args.integer("size", 256),
				args.integer("depth", 4), args.integer("churn-parallel", 8),
				args.duration("warmup", Duration.ofSeconds(30)), args.duration("duration", Duration.ofMinutes(10)),
				args.integer("heap-tolerance", 16 * 1024 * 1024));
		args.rejectUnknown();
		SoakVerdict verdict = soak.run(System.out);
		System.out.flush();
		// The server's loops are closed, but a failed run must say so to a script, not only in text.
		System.exit(verdict.passed() ? 0 : 1);
	}

}
