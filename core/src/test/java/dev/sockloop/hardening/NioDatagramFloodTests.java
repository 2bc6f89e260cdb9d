package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioDatagramFloodTests extends DatagramFloodTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

	@Override
	boolean countsKernelDrops() {
		return false;
	}

}
