-- Notifications by text message to the owner's phone, through Twilio's Messages API.
ALTER TYPE "NotificationChannelKind" ADD VALUE 'SMS';
