import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { CursorPageQuery, QueryBoolean } from '../../common/http/page.query';
import type { Notification } from './inbox.model';
import { IsUserId, USER_ID_PATTERN } from './user-id';

/** `appId`: which app's inbox an admin token reads; API keys read their own app's. */
export class InboxAppQuery {
  @ApiPropertyOptional({ description: 'Admin tokens: the app whose user this is (required)' })
  @IsOptional()
  @IsString()
  appId?: string;
}

export class ListInboxQuery extends IntersectionType(InboxAppQuery, CursorPageQuery) {
  @ApiPropertyOptional({ description: 'Only notifications not read yet' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class InboxPath {
  @ApiProperty({ example: 'user-8271', pattern: USER_ID_PATTERN.source })
  @IsUserId()
  userId!: string;
}

export class NotificationPath extends InboxPath {
  @ApiProperty({ example: 'ntf_6553f1a0c9e77a12b3c4d5e6' })
  @IsString()
  notificationId!: string;
}

export class NotificationDto {
  @ApiProperty({ example: 'ntf_6553f1a0c9e77a12b3c4d5e6' }) id!: string;
  @ApiProperty({ example: 'user-8271' }) userId!: string;
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6', description: 'The message it came in' })
  messageId!: string;
  @ApiPropertyOptional({ example: 'Your order shipped' }) subject?: string;
  @ApiProperty({ example: 'Order 2891 left our warehouse today.' }) body!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;

  static of(notification: Notification): NotificationDto {
    return {
      id: notification.id,
      userId: notification.userId,
      messageId: notification.messageId,
      ...(notification.subject === undefined ? {} : { subject: notification.subject }),
      body: notification.body,
      metadata: { ...notification.metadata },
      createdAt: notification.createdAt.toISOString(),
      readAt: notification.readAt?.toISOString() ?? null,
    };
  }
}

export class InboxListDto {
  @ApiProperty({ type: [NotificationDto] }) data!: NotificationDto[];
  @ApiProperty({ example: 3, description: "Unread notifications in the user's whole inbox" })
  unreadCount!: number;
  @ApiPropertyOptional({
    description: 'Pass as `cursor` for the next page; absent on the last page',
  })
  nextCursor?: string;
}

export class ReadAllDto {
  @ApiProperty({ example: 3, description: 'Notifications that were unread until now' })
  marked!: number;
  @ApiProperty({ example: 0 }) unreadCount!: number;
}
