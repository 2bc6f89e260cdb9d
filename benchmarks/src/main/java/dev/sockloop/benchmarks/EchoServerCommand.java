package dev.sockloop.benchmarks;

import dev.sockloop.benchmarks.server.EchoServer;
import dev.sockloop.benchmarks.server.EchoServerOptions;
import dev.sockloop.benchmarks.server.Transport;
import dev.sockloop.benchmarks.server.UdpEchoServers;

/**
 * {@code echo-server}: starts one transport's echo server (TCP, or UDP with {@code --udp}) and keeps
 * it running until the process is killed.
 */
final class EchoServerCommand {

	/** Printed once the server accepts connections; the compare command waits for it. */
	static final String READY_PREFIX = "listening on ";

	private EchoServerCommand() {
	}

	static void run(Arguments args) throws Exception {
		Transport transport = Transport.of(args.string("transport", Transport.SOCKLOOP.cliName()));
		EchoServerOptions options = new EchoServerOptions(args.integer("port", 0), args.integer("loops", 1),
				args.flag("metrics"));
		boolean udp = args.flag("udp");
		args.rejectUnknown();
		EchoServer server = udp ? UdpEchoServers.start(transport, options) : transport.start(options);
		System.out.println(READY_PREFIX + server.port());
		System.out.flush();
		// Runs until killed: the compare command stops servers with a signal, as an operator would.
		Thread.currentThread().join();
	}

}
