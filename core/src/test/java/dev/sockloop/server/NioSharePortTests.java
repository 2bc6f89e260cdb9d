package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioSharePortTests extends SharePortTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

	@Override
	int connectionAttemptsAHandoverMayLose() {
		return 16;
	}

}
