package dev.sockloop.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sockloop.benchmarks.load.IdleConnections;
import dev.sockloop.benchmarks.report.Json;

/**
 * {@code idle}: opens connections that stay silent and holds them.
 */
final class IdleCommand {

	/** Printed once every connection is open; the compare command waits for it. */
	static final String READY_PREFIX = "holding ";

	private IdleCommand() {
	}

	static void run(Arguments args) throws Exception {
		InetSocketAddress address = new InetSocketAddress(args.string("host", "127.0.0.1"),
				LoadCommand.requiredPort(args));
		int count = args.integer("connections", 15_000);
		Duration hold = args.duration("hold", Duration.ZERO);
		args.rejectUnknown();
		long start = System.nanoTime();
		try (IdleConnections idle = IdleConnections.open(address, count)) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("kind", "idle");
			result.put("connections", idle.held());
			result.put("errors", idle.errors());
			result.put("openSeconds", (System.nanoTime() - start) / 1e9);
			System.out.println(READY_PREFIX + idle.held() + " connections (" + idle.errors() + " failed)");
			System.out.println(Json.write(result));
			System.out.flush();
			if (hold.isZero()) {
				Thread.currentThread().join();
			}
			else {
				Thread.sleep(hold.toMillis());
			}
		}
	}

}
