package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollDatagramFloodTests extends DatagramFloodTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

	@Override
	boolean countsKernelDrops() {
		return true;
	}

}
