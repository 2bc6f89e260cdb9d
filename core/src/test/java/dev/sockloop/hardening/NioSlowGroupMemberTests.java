package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioSlowGroupMemberTests extends SlowGroupMemberTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
