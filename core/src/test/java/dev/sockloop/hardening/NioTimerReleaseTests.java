package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioTimerReleaseTests extends TimerReleaseTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
