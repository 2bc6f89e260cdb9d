package dev.sockloop.benchmarks.load;

import java.time.Duration;

/**
 * One load run.
 *
 * @param host server host
 * @param port server port
 * @param connections connections, spread over the threads
 * @param messageSize bytes per message
 * @param depth messages each connection keeps in flight (pipelined)
 * @param warmup time before measuring
 * @param duration time measured
 * @param threads selector threads of the load generator
 */
public record LoadOptions(String host, int port, int connections, int messageSize, int depth, Duration warmup,
		Duration duration, int threads) {

	/**
	 * Validates the options.
	 */
	public LoadOptions {
		if (connections < 1 || messageSize < 1 || depth < 1 || threads < 1) {
			throw new IllegalArgumentException("connections, size, depth and threads must be at least 1");
		}
		if ((long) messageSize * depth > 64L * 1024 * 1024) {
			throw new IllegalArgumentException("size x depth must stay under 64 MiB per connection");
		}
	}

}
