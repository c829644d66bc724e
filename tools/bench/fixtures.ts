/** The bench's business, its numbers and secrets, and what its customers ask. */
export const TWILIO_AUTH_TOKEN = 'bench-twilio-auth-token';
export const META_APP_SECRET = 'bench-meta-app-secret';
export const SHARED_NUMBER = 'whatsapp:+14155238886';
export const OWNER = 'whatsapp:+15550100001';
export const BUSINESS_NUMBER = 'whatsapp:+15550109999';
export const META_PHONE_NUMBER_ID = '106540352242922';

export const FACTS = [
  'We are open Monday to Saturday from 11am to 10pm, and closed on Sundays.',
  'A large margherita pizza costs $14 and a medium one $11.',
  'We deliver within 5 km for a $3 fee; orders over $30 are delivered free.',
  'Gluten-free bases are available for every pizza for $2 extra.',
  'You can book a table for up to 12 people by phone or on our website.',
  'We are at 12 Harbour Street, next to the ferry terminal; parking is free after 6pm.',
  'Our vegan menu has four pizzas and a cashew cheese option.',
  'Gift cards are sold in the restaurant in amounts from $20 to $200.',
  'Children under 6 eat free on Tuesdays with a paying adult.',
  'We accept cash, all major cards, Apple Pay and Google Pay.',
  'Private events for up to 40 guests can be arranged with two weeks notice.',
  'Our dough is made fresh every morning and rests for 48 hours.',
];
export const QUESTIONS = [
  'What time do you open on Saturday?',
  'How much is a large margherita?',
  'Do you deliver and what does it cost?',
  'Do you have gluten free pizza?',
  'Can I book a table for 10 people?',
  'Where are you and is there parking?',
  'Do you have vegan options?',
  'Can I pay with Apple Pay?',
];

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
