package dev.sockloop.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import dev.sockloop.benchmarks.load.ChurnGenerator;

/**
 * {@code churn}: connect, echo 16 bytes, close, many at a time.
 */
final class ChurnCommand {

	private ChurnCommand() {
	}

	static void run(Arguments args) throws Exception {
		InetSocketAddress address = new InetSocketAddress(args.string("host", "127.0.0.1"),
				LoadCommand.requiredPort(args));
		ChurnGenerator churn = new ChurnGenerator(address, args.integer("parallel", 32),
				args.duration("warmup", Duration.ofSeconds(2)), args.duration("duration", Duration.ofSeconds(10)));
		args.rejectUnknown();
		Map<String, Object> result = churn.run();
		System.out.println(ChurnGenerator.describe(result));
		if (((Number) result.get("errors")).longValue() > 0) {
			System.exit(1);
		}
	}

}
