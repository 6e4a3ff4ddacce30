import { Brain, FlaskConical, Gamepad2, Gem, type LucideIcon, Monitor, Trophy, Users } from 'lucide-react';

/** The seven Far Labs services with their icons and gradients. */
export type Service = {
  id: 'inference' | 'gaming' | 'desci' | 'gamed' | 'fartwin' | 'gpu' | 'staking';
  /** An SVG icon, not an emoji: emoji render as empty boxes where no emoji font is installed. */
  icon: LucideIcon;
  title: string;
  description: string;
  href: string;
  gradient: string;
  status: 'live' | 'coming-soon';
};

export const services: readonly Service[] = [
  {
    id: 'inference',
    icon: Brain,
    title: 'Far Inference',
    description: 'Decentralized AI inference network for LLMs and machine learning models',
    href: '/inference',
    gradient: 'from-purple-600 to-pink-600',
    status: 'live',
  },
  {
    id: 'gaming',
    icon: Gamepad2,
    title: 'Farcana Game',
    description: 'Next-gen blockchain gaming ecosystem with play-to-earn mechanics',
    href: '/gaming',
    gradient: 'from-blue-600 to-cyan-600',
    status: 'live',
  },
  {
    id: 'desci',
    icon: FlaskConical,
    title: 'Far DeSci',
    description: 'Decentralized science platform for research collaboration and funding',
    href: '/desci',
    gradient: 'from-green-600 to-teal-600',
    status: 'live',
  },
  {
    id: 'gamed',
    icon: Trophy,
    title: 'Far GameD',
    description: 'Game distribution platform with blockchain-based licensing',
    href: '/gamed',
    gradient: 'from-orange-600 to-red-600',
    status: 'live',
  },
  {
    id: 'fartwin',
    icon: Users,
    title: 'FarTwin AI',
    description: 'Digital twin AI platform for personalized virtual assistants',
    href: '/fartwin',
    gradient: 'from-indigo-600 to-purple-600',
    status: 'live',
  },
  {
    id: 'gpu',
    icon: Monitor,
    title: 'Far GPU De-Pin',
    description: 'A depin network where users can supply their GPU for training AI models',
    href: '/gpu',
    gradient: 'from-yellow-600 to-orange-600',
    status: 'live',
  },
  {
    id: 'staking',
    icon: Gem,
    title: '$FAR Staking',
    description: 'The utility token powering the entire Far Labs ecosystem',
    href: '/staking',
    gradient: 'from-purple-600 to-indigo-600',
    status: 'live',
  },
];
