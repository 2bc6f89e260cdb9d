package dev.sockloop.benchmarks;

import java.time.Duration;

import dev.sockloop.benchmarks.load.LoadGenerator;
import dev.sockloop.benchmarks.load.LoadOptions;
import dev.sockloop.benchmarks.load.LoadResult;

/**
 * {@code load}: pipelined echo load against a running server.
 */
final class LoadCommand {

	private LoadCommand() {
	}

	static void run(Arguments args) throws Exception {
		LoadOptions options = options(args);
		args.rejectUnknown();
		LoadResult result = new LoadGenerator(options).run();
		System.out.println(result.describe());
		System.out.println(result.toJson());
		if (result.errors() > 0) {
			System.exit(1);
		}
	}

	static LoadOptions options(Arguments args) {
		return new LoadOptions(args.string("host", "127.0.0.1"), requiredPort(args), args.integer("connections", 64),
				args.integer("size", 64), args.integer("depth", 1), args.duration("warmup", Duration.ofSeconds(2)),
				args.duration("duration", Duration.ofSeconds(10)), args.integer("threads", 1));
	}

	static int requiredPort(Arguments args) {
		int port = args.integer("port", -1);
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("--port is required (1-65535)");
		}
		return port;
	}

}
