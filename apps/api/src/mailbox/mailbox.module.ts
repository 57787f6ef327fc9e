import { Module } from '@nestjs/common';
import { MailboxController } from './mailbox.controller.js';

/** /mailbox: the development mailbox, loopback only and off unless set by hand. */
@Module({ controllers: [MailboxController] })
export class MailboxModule {}
