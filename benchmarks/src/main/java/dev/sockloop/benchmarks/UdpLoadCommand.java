package dev.sockloop.benchmarks;

import dev.sockloop.benchmarks.load.LoadOptions;
import dev.sockloop.benchmarks.load.LoadResult;
import dev.sockloop.benchmarks.load.UdpLoadGenerator;

/**
 * {@code udp-load}: closed-loop UDP echo load against a running UDP echo server.
 */
final class UdpLoadCommand {

	private UdpLoadCommand() {
	}

	static void run(Arguments args) throws Exception {
		LoadOptions options = LoadCommand.options(args);
		args.rejectUnknown();
		UdpLoadGenerator generator = new UdpLoadGenerator(options);
		LoadResult result = generator.run();
		System.out.println(result.describe().replace("connections", "peers") + " (lost " + generator.lost()
				+ ", corrupt " + generator.corrupt() + ")");
		System.out.println(result.toJson());
		if (generator.corrupt() > 0) {
			System.exit(1);
		}
	}

}
