package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioPeerCausedWarningTests extends PeerCausedWarningTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
