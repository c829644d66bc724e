import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.js';
import { keys } from './keys.js';

/** How one business's chat widget looks and where it may run. */
export interface WidgetSettings {
  /**
   * The origins (`https://www.example.com`) whose pages may open a chat. Empty: the widget is off,
   * since no page can prove it belongs to the business.
   */
  allowedOrigins: string[];
  /** The bubble's and the visitor's messages' colour (`#rrggbb`). */
  accentColor: string;
  /** The first words a visitor sees; empty for the widget's own, in the page's language. */
  greeting: string;
  /** The panel's title; empty for the business's name. */
  title: string;
  updatedAt?: string;
}

export const DEFAULT_WIDGET_SETTINGS: WidgetSettings = {
  allowedOrigins: [],
  accentColor: '#1f6feb',
  greeting: '',
  title: '',
};

export const getWidgetSettings = async (table: Table, tenantId: string): Promise<WidgetSettings> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.widgetSettings(tenantId) }),
  );
  return {
    allowedOrigins: Item?.allowedOrigins ?? DEFAULT_WIDGET_SETTINGS.allowedOrigins,
    accentColor: Item?.accentColor ?? DEFAULT_WIDGET_SETTINGS.accentColor,
    greeting: Item?.greeting ?? DEFAULT_WIDGET_SETTINGS.greeting,
    title: Item?.title ?? DEFAULT_WIDGET_SETTINGS.title,
    updatedAt: Item?.updatedAt,
  };
};

export const putWidgetSettings = async (
  table: Table,
  tenantId: string,
  settings: Omit<WidgetSettings, 'updatedAt'>,
): Promise<WidgetSettings> => {
  const updatedAt = new Date().toISOString();
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.widgetSettings(tenantId), type: 'widget-settings', ...settings, updatedAt },
    }),
  );
  return { ...settings, updatedAt };
};
