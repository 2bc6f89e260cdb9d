package dev.sockloop.sample;

import java.nio.ByteBuffer;

import dev.sockloop.spring.SocketHandler;
import reactor.core.publisher.Flux;

/**
 * Echoes every byte back, as it arrives. The port and codec come from {@code sockloop.servers.echo}.
 */
@SocketHandler(name = "echo")
class EchoHandler {

	Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
		return inbound;
	}

}
