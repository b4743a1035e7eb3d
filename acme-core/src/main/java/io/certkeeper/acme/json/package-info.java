/** JSON text for certkeeper's own files and machine-readable output. */
package io.certkeeper.acme.json;
