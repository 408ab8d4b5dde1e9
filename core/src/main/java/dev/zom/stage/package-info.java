/**
 * The metastage (RFC13's push/pull): commit writes to a local stage at disk speed, push them to a broker later as
 * acknowledged writes, and a daemon that pushes once the stage has been quiet.
 */
package dev.zom.stage;
