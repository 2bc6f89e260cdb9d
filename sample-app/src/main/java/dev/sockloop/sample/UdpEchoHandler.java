package dev.sockloop.sample;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.spring.DatagramHandler;

/**
 * Answers each UDP datagram with the same bytes, to its sender. The port comes from
 * {@code sockloop.datagram.echo}: UDP beside the TCP echo, on the same number.
 */
@DatagramHandler(name = "echo")
class UdpEchoHandler {

	Datagram echo(Datagram datagram) {
		return datagram.reply(datagram.payload());
	}

}
