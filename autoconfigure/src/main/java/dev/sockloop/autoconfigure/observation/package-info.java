/**
 * Auto-configuration of Micrometer observations of Sockloop connections.
 */
package dev.sockloop.autoconfigure.observation;
